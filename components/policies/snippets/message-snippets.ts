/** The palette's message-level policies (Portcullis, beyond APIM): size, rate, idle time, age. */
import { element } from "./xml-writer";

export type MessageDirection = "both" | "inbound" | "outbound";

export interface LimitMessageSizeInput {
  maxBytes: number;
  direction: MessageDirection;
}
export const LIMIT_MESSAGE_SIZE_DEFAULTS: LimitMessageSizeInput = { maxBytes: 65536, direction: "both" };

/** `<limit-message-size />`: a larger message closes the connection with 1009. */
export function limitMessageSizeXml(input: LimitMessageSizeInput): string {
  return element("limit-message-size", [
    ["max-bytes", input.maxBytes],
    ["direction", input.direction],
  ]);
}

export interface RateLimitMessagesInput {
  calls: number;
  renewalPeriod: number;
  direction: MessageDirection;
}
export const RATE_LIMIT_MESSAGES_DEFAULTS: RateLimitMessagesInput = { calls: 100, renewalPeriod: 1, direction: "inbound" };

/** `<rate-limit-messages />`: more messages than `calls` per period close the connection with 1008. */
export function rateLimitMessagesXml(input: RateLimitMessagesInput): string {
  return element("rate-limit-messages", [
    ["calls", input.calls],
    ["renewal-period", input.renewalPeriod],
    ["direction", input.direction],
  ]);
}

export interface SecondsInput {
  seconds: number;
}
export const IDLE_TIMEOUT_DEFAULTS: SecondsInput = { seconds: 300 };
export const MAX_CONNECTION_DURATION_DEFAULTS: SecondsInput = { seconds: 7200 };

/** `<idle-timeout />`: no data either way for this long closes the connection with 1001. */
export function idleTimeoutXml(input: SecondsInput): string {
  return element("idle-timeout", [["seconds", input.seconds]]);
}

/** `<max-connection-duration />`: connections older than this are closed with 1001. */
export function maxConnectionDurationXml(input: SecondsInput): string {
  return element("max-connection-duration", [["seconds", input.seconds]]);
}
