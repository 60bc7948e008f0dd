import { randomUUID } from "node:crypto";
import type { ClosedBy } from "../tunnel/tunnel";
import type { LogRow } from "./telemetry-sink";

/**
 * One handshake attempt: becomes one gateway_logs row when decided and is completed when
 * the connection closes (DESIGN.md §5). Plain fields, filled in as the handshake goes.
 */
export class HandshakeRecord implements LogRow {
  readonly id = randomUUID();
  readonly time = Date.now();
  apiId: string | null = null;
  operationId: string | null = null;
  productId: string | null = null;
  subscriptionId: string | null = null;
  userId: string | null = null;
  responseCode = 0;
  backendResponseCode: number | null = null;
  backendUrl: string | null = null;
  totalTime = 0;
  backendTime: number | null = null;
  lastErrorReason: string | null = null;
  lastErrorMessage: string | null = null;
  lastErrorSource: string | null = null;
  traceId: string | null = null;
  closedAt: number | null = null;
  durationMs: number | null = null;
  closeCode: number | null = null;
  closeReason: string | null = null;
  closedBy: ClosedBy | null = null;
  messagesInbound = 0;
  messagesOutbound = 0;
  bytesInbound = 0;
  bytesOutbound = 0;

  constructor(
    readonly gatewayId: string,
    readonly callerIp: string,
    readonly method: string,
    readonly url: string,
  ) {}

  /** Marks the attempt refused or failed. */
  fail(status: number, reason: string, message: string, source: string): void {
    this.responseCode = status;
    this.lastErrorReason = reason;
    this.lastErrorMessage = message;
    this.lastErrorSource = source;
  }
}
