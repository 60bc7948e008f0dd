import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { CLOSE_ABNORMAL, clientCloseFrame, FrameScanner, serverCloseFrame } from "./frame-scanner";

/** Traffic totals a tunnel adds to as bytes flow (one per API, read by telemetry). */
export interface TrafficCounters {
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
}

export type ClosedBy = "client" | "backend" | "gateway";

/** What flows in one direction may do next. */
const enum Flow {
  Open = 0,
  /** The gateway has a Close frame to put on the wire at the next frame boundary. */
  Injecting = 1,
  /** The gateway's Close is sent; what the peer still sends is scanned (for its Close) and dropped. */
  Stopped = 2,
}

export interface TunnelOptions {
  /** How long after a Close (or a half-closed socket) the gateway waits before destroying sockets. */
  closeTimeoutMs: number;
}

/**
 * One client connection paired with one backend connection after both handshakes.
 * Bytes pass untouched in both directions; each direction's FrameScanner reads frame
 * headers to count messages and to find the boundaries where the gateway may speak.
 * "Inbound" is client → backend.
 */
export class Tunnel {
  readonly startedAt = Date.now();
  readonly inbound = new FrameScanner();
  readonly outbound = new FrameScanner();
  bytesInbound = 0;
  bytesOutbound = 0;
  messagesInbound = 0;
  messagesOutbound = 0;
  closedBy: ClosedBy | null = null;
  closeCode = 0;
  closeReason = "";
  endedAt = 0;

  private inFlow = Flow.Open;
  private outFlow = Flow.Open;
  private inFrame: Buffer | null = null;
  private outFrame: Buffer | null = null;
  /** Close frames the client had sent when the gateway stopped listening to it. */
  private clientClosesAtStop = 0;
  private clientClosed = false;
  private backendClosed = false;
  private killTimer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    readonly client: Socket,
    readonly backend: Socket,
    private readonly counters: TrafficCounters,
    private readonly options: TunnelOptions,
    private readonly onEnd: (tunnel: Tunnel) => void,
  ) {}

  /** Starts relaying; `clientHead`/`backendHead` are bytes read past each handshake. */
  start(clientHead: Buffer, backendHead: Buffer): void {
    const { client, backend } = this;
    client.setNoDelay(true);
    backend.setNoDelay(true);
    client.setTimeout(0);
    backend.setTimeout(0);
    (client as TunnelSocket)[kTunnel] = this;
    (backend as TunnelSocket)[kTunnel] = this;
    client.on("data", onClientData);
    backend.on("data", onBackendData);
    client.on("drain", onClientDrain);
    backend.on("drain", onBackendDrain);
    client.on("end", onClientEnd);
    backend.on("end", onBackendEnd);
    client.on("close", onClientClose);
    backend.on("close", onBackendClose);
    client.on("error", noop);
    backend.on("error", noop);
    if (backendHead.length > 0) this.backendData(backendHead);
    if (clientHead.length > 0) this.clientData(clientHead);
  }

  /** True once both sockets are gone. */
  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Closes both sides with `code` and `reason`, each Close frame written at a frame
   * boundary of its stream so no frame in flight is split. Idempotent.
   */
  close(code: number, reason: string): void {
    if (this.ended || this.inFlow !== Flow.Open || this.outFlow !== Flow.Open) return;
    if (this.closedBy === null) this.recordClose("gateway", code, reason);
    this.outFrame = serverCloseFrame(code, reason);
    this.inFrame = clientCloseFrame(code, reason, randomBytes(4));
    this.outFlow = Flow.Injecting;
    this.inFlow = Flow.Injecting;
    if (this.outbound.atFrameBoundary) this.injectToClient();
    if (this.inbound.atFrameBoundary) this.injectToBackend();
    this.armKillTimer();
  }

  /** Destroys both sockets now (no Close frames). */
  destroy(): void {
    this.client.destroy();
    this.backend.destroy();
  }

  clientData(chunk: Buffer): void {
    const n = chunk.length;
    this.bytesInbound += n;
    this.counters.bytesInbound += n;
    if (this.inFlow !== Flow.Open) return this.clientDataWhileClosing(chunk);
    const messages = this.inbound.scan(chunk);
    if (messages !== 0) {
      this.messagesInbound += messages;
      this.counters.messagesInbound += messages;
    }
    if (this.closedBy === null && this.inbound.closeCode !== 0) this.recordClose("client", this.inbound.closeCode, this.inbound.closeReason);
    if (!this.backend.write(chunk)) this.client.pause();
  }

  backendData(chunk: Buffer): void {
    const n = chunk.length;
    this.bytesOutbound += n;
    this.counters.bytesOutbound += n;
    if (this.outFlow !== Flow.Open) return this.backendDataWhileClosing(chunk);
    const messages = this.outbound.scan(chunk);
    if (messages !== 0) {
      this.messagesOutbound += messages;
      this.counters.messagesOutbound += messages;
    }
    if (this.closedBy === null && this.outbound.closeCode !== 0) this.recordClose("backend", this.outbound.closeCode, this.outbound.closeReason);
    if (!this.client.write(chunk)) this.backend.pause();
  }

  private clientDataWhileClosing(chunk: Buffer): void {
    let rest = chunk;
    if (this.inFlow === Flow.Injecting) {
      const boundary = this.inbound.scanToBoundary(chunk);
      if (boundary < 0) {
        this.backend.write(chunk);
        return;
      }
      if (boundary > 0) this.backend.write(chunk.subarray(0, boundary));
      this.injectToBackend();
      rest = chunk.subarray(boundary);
    }
    this.inbound.scan(rest);
    // The client answered the gateway's Close: as the server side, the gateway ends TCP.
    if (this.inbound.closeFrames > this.clientClosesAtStop) this.client.end();
  }

  private backendDataWhileClosing(chunk: Buffer): void {
    if (this.outFlow !== Flow.Injecting) return; // Stopped: the backend's Close answer is not relayed.
    const boundary = this.outbound.scanToBoundary(chunk);
    if (boundary < 0) {
      this.client.write(chunk);
      return;
    }
    if (boundary > 0) this.client.write(chunk.subarray(0, boundary));
    this.injectToClient();
  }

  private injectToClient(): void {
    this.client.write(this.outFrame!);
    this.outFrame = null;
    this.outFlow = Flow.Stopped;
    this.clientClosesAtStop = this.inbound.closeFrames;
    this.backend.resume();
  }

  private injectToBackend(): void {
    this.backend.write(this.inFrame!);
    this.inFrame = null;
    this.inFlow = Flow.Stopped;
    this.client.resume();
  }

  clientDrain(): void {
    this.backend.resume();
  }

  backendDrain(): void {
    this.client.resume();
  }

  clientEnd(): void {
    if (this.closedBy === null) this.recordClose("client", CLOSE_ABNORMAL, "");
    this.backend.end();
    this.armKillTimer();
  }

  backendEnd(): void {
    if (this.closedBy === null) this.recordClose("backend", CLOSE_ABNORMAL, "");
    this.client.end();
    this.armKillTimer();
  }

  clientClose(): void {
    this.clientClosed = true;
    if (this.closedBy === null) this.recordClose("client", CLOSE_ABNORMAL, "");
    if (!this.backendClosed) {
      this.backend.end();
      this.armKillTimer();
    }
    this.maybeEnd();
  }

  backendClose(): void {
    this.backendClosed = true;
    if (this.closedBy === null) this.recordClose("backend", CLOSE_ABNORMAL, "");
    if (!this.clientClosed) {
      this.client.end();
      this.armKillTimer();
    }
    this.maybeEnd();
  }

  private recordClose(by: ClosedBy, code: number, reason: string): void {
    this.closedBy = by;
    this.closeCode = code;
    this.closeReason = reason;
  }

  private armKillTimer(): void {
    if (this.killTimer !== null || this.ended) return;
    this.killTimer = setTimeout(() => this.destroy(), this.options.closeTimeoutMs);
    this.killTimer.unref();
  }

  private maybeEnd(): void {
    if (this.ended || !this.clientClosed || !this.backendClosed) return;
    this.ended = true;
    this.endedAt = Date.now();
    if (this.killTimer !== null) clearTimeout(this.killTimer);
    this.onEnd(this);
  }
}

function noop(): void {}

// Listeners shared by every tunnel (`this` is the socket): per-connection closures would cost
// a function object each, and under tsx (keepNames) a property dictionary each as well.
const kTunnel = Symbol("tunnel");
type TunnelSocket = Socket & { [kTunnel]: Tunnel };
function onClientData(this: TunnelSocket, chunk: Buffer): void {
  this[kTunnel].clientData(chunk);
}
function onBackendData(this: TunnelSocket, chunk: Buffer): void {
  this[kTunnel].backendData(chunk);
}
function onClientDrain(this: TunnelSocket): void {
  this[kTunnel].clientDrain();
}
function onBackendDrain(this: TunnelSocket): void {
  this[kTunnel].backendDrain();
}
function onClientEnd(this: TunnelSocket): void {
  this[kTunnel].clientEnd();
}
function onBackendEnd(this: TunnelSocket): void {
  this[kTunnel].backendEnd();
}
function onClientClose(this: TunnelSocket): void {
  this[kTunnel].clientClose();
}
function onBackendClose(this: TunnelSocket): void {
  this[kTunnel].backendClose();
}
