/** The palette's `<rate-limit-by-key />`: handshakes per key and period. */
import { element } from "./xml-writer";

export interface RateLimitByKeyInput {
  calls: number;
  renewalPeriod: number;
  counterKey: string;
}

/** Counter keys the form offers; any other expression may be typed. */
export const COUNTER_KEY_PRESETS = [
  { label: "Client IP address", value: "@(context.Request.IpAddress)" },
  { label: "Subscription", value: "@(context.Subscription.Id)" },
  { label: "User", value: "@(context.User.Id)" },
  { label: "API", value: "@(context.Api.Id)" },
] as const;

export const RATE_LIMIT_BY_KEY_DEFAULTS: RateLimitByKeyInput = { calls: 10, renewalPeriod: 60, counterKey: COUNTER_KEY_PRESETS[0].value };

/** `<rate-limit-by-key />`: at most `calls` handshakes per `renewalPeriod` seconds per key. */
export function rateLimitByKeyXml(input: RateLimitByKeyInput): string {
  return element("rate-limit-by-key", [
    ["calls", input.calls],
    ["renewal-period", input.renewalPeriod],
    ["counter-key", input.counterKey],
  ]);
}
