import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import type { MessageLimits } from "../policies/policy";
import { CLOSE_ABNORMAL } from "./close-codes";
import { clientCloseFrame, serverCloseFrame } from "./close-frame";
import { FrameScanner } from "./frame-scanner";
import type { MessageLimiter } from "./message-limiter";
import type { LogRow } from "../telemetry/telemetry-sink";
import type { ClosedBy, RelayedConnection, TrafficCounters, TunnelOptions } from "./relay-types";
import { positive } from "./relay-types";
import { dropLimiter, forwardChecked, limiterFor, violationCode, violationReason } from "./tunnel-forward";
import { listenToTunnelSockets } from "./tunnel-listeners";
import { type TunnelSweep, TunnelWatch } from "./tunnel-sweep";

export type { ClosedBy, TrafficCounters, TunnelOptions } from "./relay-types";
export { messageTooBigReason, RATE_LIMIT_REASON } from "./relay-types";

/** What flows in one direction may do next. */
const enum Flow {
  Open = 0,
  /** The gateway has a Close frame to put on the wire at the next frame boundary. */
  Injecting = 1,
  /** The gateway's Close is sent; what the peer still sends is scanned (for its Close) and dropped. */
  Stopped = 2,
}

/**
 * One client connection paired with one backend connection after both handshakes.
 * Bytes pass untouched in both directions; each direction's FrameScanner reads frame
 * headers to count messages and to find the boundaries where the gateway may speak.
 * "Inbound" is client → backend.
 *
 * Message limits (size, rate) are checked at each data frame's header: the stream is cut just
 * before the frame that breaks one, so none of it is forwarded, and the gateway closes both
 * sides there. So that a cut is always possible, a chunk ending inside a frame header keeps
 * those few bytes back until the header is whole.
 */
export class Tunnel implements RelayedConnection {
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
  /** The connection's gateway log row (RelayedConnection.logRow); close requests name it by its id. */
  logRow: LogRow | null = null;
  get logId(): string | null {
    return this.logRow === null ? null : this.logRow.id;
  }

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
  /** Idle timeout and maximum duration, when set: the shared sweep enforces them. */
  private watch: TunnelWatch | null = null;
  private readonly sweep: TunnelSweep | null;
  /** Kept alone, not the options object: the limits it carries need not live as long as the tunnel. */
  private readonly closeTimeoutMs: number;

  constructor(
    readonly client: Socket,
    readonly backend: Socket,
    private readonly counters: TrafficCounters,
    options: TunnelOptions,
    private readonly onEnd: (tunnel: Tunnel) => void,
  ) {
    this.closeTimeoutMs = options.closeTimeoutMs;
    this.sweep = options.sweep ?? null;
    const limits = options.limits;
    if (limits) this.applyLimits(limits);
  }

  private applyLimits(l: MessageLimits): void {
    this.inbound.limiter = limiterFor(l.maxInboundMessageBytes, l.inboundRate);
    this.outbound.limiter = limiterFor(l.maxOutboundMessageBytes, l.outboundRate);
    const idle = positive(l.idleTimeoutMs);
    const duration = positive(l.maxDurationMs);
    if (idle === 0 && duration === 0) return;
    if (this.sweep === null) throw new Error("A tunnel with an idle timeout or a maximum duration needs the gateway's sweep.");
    this.watch = new TunnelWatch(this, idle, duration);
  }

  /** Starts relaying; `clientHead`/`backendHead` are bytes read past each handshake. */
  start(clientHead: Buffer, backendHead: Buffer): void {
    const { client, backend } = this;
    client.setNoDelay(true);
    backend.setNoDelay(true);
    client.setTimeout(0);
    backend.setTimeout(0);
    const inLimited = this.inbound.limiter !== null;
    const outLimited = this.outbound.limiter !== null;
    listenToTunnelSockets(this, inLimited, outLimited);
    if (this.watch !== null) this.sweep!.watch(this.watch);
    if (backendHead.length > 0) {
      if (outLimited) this.backendDataLimited(backendHead);
      else this.backendData(backendHead);
    }
    if (clientHead.length > 0) {
      if (inLimited) this.clientDataLimited(clientHead);
      else this.clientData(clientHead);
    }
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
    this.shut(code, reason, false, false);
  }

  /**
   * `close`, where `inboundCut`/`outboundCut` say that direction's stream was just cut before
   * a frame (a limit broken), so the gateway's Close goes out there at once.
   */
  private shut(code: number, reason: string, inboundCut: boolean, outboundCut: boolean): void {
    if (this.watch !== null) {
      this.sweep!.unwatch(this.watch);
      this.watch = null;
    }
    if (this.ended || this.inFlow !== Flow.Open || this.outFlow !== Flow.Open) return;
    if (this.closedBy === null) this.recordClose("gateway", code, reason);
    // A frame whose header is held back was not forwarded at all: that stream is at a boundary.
    const inboundHeld = dropLimiter(this.inbound);
    const outboundHeld = dropLimiter(this.outbound);
    this.outFrame = serverCloseFrame(code, reason);
    this.inFrame = clientCloseFrame(code, reason, randomBytes(4));
    this.outFlow = Flow.Injecting;
    this.inFlow = Flow.Injecting;
    if (outboundCut || outboundHeld || this.outbound.atFrameBoundary) this.injectToClient();
    if (inboundCut || inboundHeld || this.inbound.atFrameBoundary) this.injectToBackend();
    this.armKillTimer();
  }

  /** Destroys both sockets now (no Close frames). */
  destroy(): void {
    this.client.destroy();
    this.backend.destroy();
  }

  // The four data handlers below stay one per direction (client→backend and backend→client,
  // plain and limited) rather than one handler taking a direction: they are the per-chunk hot
  // path, and a shared one would pick scanner, counters, sockets and flow state by direction on
  // every chunk through one polymorphic call site. What both directions do alike is in plain
  // methods (`relayOpen`, `relayLimited`) handed that direction's scanner, side and sockets as
  // arguments: no closure, no lookup, nothing allocated per chunk. The handlers differ only where
  // the protocol makes the sides differ: after a violation the client's bytes are still scanned
  // for its Close answer (the gateway is the server and ends TCP), the backend's are dropped
  // unread. Change one, change its mirror.
  clientData(chunk: Buffer): void {
    if (this.inFlow === Flow.Open) return this.countInbound(chunk.length, this.relayOpen(this.inbound, chunk, "client", this.client, this.backend));
    this.countInbound(chunk.length, 0);
    this.clientDataWhileClosing(chunk);
  }

  backendData(chunk: Buffer): void {
    if (this.outFlow === Flow.Open) return this.countOutbound(chunk.length, this.relayOpen(this.outbound, chunk, "backend", this.backend, this.client));
    this.countOutbound(chunk.length, 0);
    this.backendDataWhileClosing(chunk);
  }

  /** `clientData` for a client whose messages are limited. */
  clientDataLimited(chunk: Buffer): void {
    if (this.inFlow !== Flow.Open) return this.clientData(chunk);
    const limiter = this.inbound.limiter!;
    this.countInbound(chunk.length, this.relayLimited(this.inbound, limiter, chunk, "client", this.client, this.backend));
    if (limiter.violation === 0) return;
    this.shut(violationCode(limiter), violationReason(limiter), true, false);
    // What follows the violating header is dropped, but scanned for the client's Close.
    this.clientDataWhileClosing(chunk.subarray(limiter.stoppedAt));
  }

  /** `backendData` for a backend whose messages are limited. */
  backendDataLimited(chunk: Buffer): void {
    if (this.outFlow !== Flow.Open) return this.backendData(chunk);
    const limiter = this.outbound.limiter!;
    this.countOutbound(chunk.length, this.relayLimited(this.outbound, limiter, chunk, "backend", this.backend, this.client));
    if (limiter.violation === 0) return;
    // The rest of the backend's bytes are dropped unread, as after any Close the gateway sends.
    this.shut(violationCode(limiter), violationReason(limiter), false, true);
  }

  /**
   * One open direction's chunk: scans it, records a Close its sender put in it, and writes it
   * through `from` → `to` (pausing `from` when `to` is full). Returns the messages it completed.
   */
  private relayOpen(scanner: FrameScanner, chunk: Buffer, side: ClosedBy, from: Socket, to: Socket): number {
    const messages = scanner.scan(chunk);
    if (this.closedBy === null && scanner.closeCode !== 0) this.recordClose(side, scanner.closeCode, scanner.closeReason);
    if (!to.write(chunk)) from.pause();
    return messages;
  }

  /**
   * `relayOpen` under message limits: writes only what may go (forwardChecked). Returns the
   * messages completed; `limiter.violation` then says whether a limit was broken.
   */
  private relayLimited(scanner: FrameScanner, limiter: MessageLimiter, chunk: Buffer, side: ClosedBy, from: Socket, to: Socket): number {
    if (limiter.rateCalls !== 0) limiter.now = Date.now();
    const messages = scanner.scanLimited(chunk);
    if (this.closedBy === null && scanner.closeCode !== 0) this.recordClose(side, scanner.closeCode, scanner.closeReason);
    forwardChecked(limiter, scanner, chunk, from, to);
    return messages;
  }

  /** Adds a client chunk to the tunnel's and the worker's inbound totals. */
  private countInbound(bytes: number, messages: number): void {
    this.bytesInbound += bytes;
    this.counters.bytesInbound += bytes;
    if (messages === 0) return;
    this.messagesInbound += messages;
    this.counters.messagesInbound += messages;
  }

  /** Adds a backend chunk to the tunnel's and the worker's outbound totals. */
  private countOutbound(bytes: number, messages: number): void {
    this.bytesOutbound += bytes;
    this.counters.bytesOutbound += bytes;
    if (messages === 0) return;
    this.messagesOutbound += messages;
    this.counters.messagesOutbound += messages;
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
    this.killTimer = setTimeout(() => this.destroy(), this.closeTimeoutMs);
    this.killTimer.unref();
  }

  private maybeEnd(): void {
    if (this.ended || !this.clientClosed || !this.backendClosed) return;
    this.ended = true;
    if (this.watch !== null) {
      this.sweep!.unwatch(this.watch);
      this.watch = null;
    }
    this.endedAt = Date.now();
    if (this.killTimer !== null) clearTimeout(this.killTimer);
    this.onEnd(this);
  }
}

