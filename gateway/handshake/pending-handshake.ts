import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Refusal } from "../policies/policy";
import type { HandshakeRecord } from "../telemetry/handshake-record";
import type { ApiTotals } from "../telemetry/metrics";
import { abortHandshake } from "./abort-handshake";
import type { HandshakeContext } from "./handshake-context";

/** One routed upgrade request on its way to a tunnel or a refusal: its log record and the ways it ends. */
export class PendingHandshake {
  constructor(
    readonly gateway: HandshakeContext,
    readonly req: IncomingMessage,
    readonly socket: Socket,
    /** Bytes the client sent after its request (the first frames), for the tunnel. */
    readonly head: Buffer,
    readonly record: HandshakeRecord,
    /** The API's metrics the connection counts in. */
    readonly totals: ApiTotals,
    /** `performance.now()` when the request arrived. */
    private readonly started: number,
  ) {}

  /** Logs the handshake as refused by the gateway itself and answers the client with `status`. */
  refuse(status: number, reason: string, message: string, source: string, headers?: Record<string, string>): void {
    this.record.fail(status, reason, message, source);
    this.finish();
    abortHandshake(this.socket, status, message, headers);
  }

  /** Logs and answers a policy's refusal, with its own body and status text when it gives them. */
  refuseWith(refusal: Refusal): void {
    this.record.fail(refusal.status, refusal.reason, refusal.message, refusal.source);
    this.finish();
    abortHandshake(this.socket, refusal.status, refusal.message, refusal.headers, refusal.body, refusal.statusText);
  }

  /** Logs a client that left before the gateway answered (nothing is left to answer). */
  clientClosed(): void {
    this.record.fail(499, "ClientClosed", "The client closed the connection during the handshake.", "client");
    this.finish();
  }

  /** Records the handshake's time and outcome in the metrics and queues its log row. */
  finish(): void {
    const elapsed = performance.now() - this.started;
    this.record.totalTime = Math.round(elapsed);
    this.gateway.metrics.attempt(this.totals, this.record.responseCode, elapsed / 1000);
    this.gateway.telemetry.pushLog(this.record);
  }
}
