/**
 * `<rate-limit-messages calls="100" renewal-period="1" direction="inbound|outbound|both" />`
 * (beyond APIM): at most `calls` WebSocket messages per `renewal-period` seconds on each
 * connection, in each direction it names (inbound: client → backend, the default). A message
 * counts once, at its first frame; control frames do not count. The message past the limit is
 * not forwarded: the tunnel closes both sides with 1008 before its first frame. The window is
 * fixed (it opens at the first message after the previous one expired), per connection.
 *
 * When several documents set a limit in the same direction, the one allowing the lower average
 * rate (calls / period) wins; at equal rates, the one with fewer calls (smaller bursts).
 */
import { CONTINUE, definePolicy, type MessageLimits } from "./policy";

const NAME = "rate-limit-messages";
const DIRECTIONS = ["inbound", "outbound", "both"] as const;

type Rate = NonNullable<MessageLimits["inboundRate"]>;

interface RateLimitMessagesConfig {
  rate: Rate;
  inbound: boolean;
  outbound: boolean;
}

export const rateLimitMessages = definePolicy<RateLimitMessagesConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, {
      calls: { type: "integer", required: true, min: 1 },
      "renewal-period": { type: "integer", required: true, min: 1 },
      direction: { type: "enum", values: DIRECTIONS },
    });
    reader.noContent(element);
    const calls = attrs.calls;
    const seconds = attrs["renewal-period"];
    if (calls === undefined || seconds === undefined) return null;
    const direction = attrs.direction ?? "inbound";
    return { rate: { calls, periodMs: seconds * 1000 }, inbound: direction !== "outbound", outbound: direction !== "inbound" };
  },
  apply(config, ctx) {
    const limits = ctx.limits;
    if (config.inbound) limits.inboundRate = stricterRate(limits.inboundRate, config.rate);
    if (config.outbound) limits.outboundRate = stricterRate(limits.outboundRate, config.rate);
    return CONTINUE;
  },
});

/** The rate that allows fewer messages on average (fewer calls when equal); `current` null = none. */
function stricterRate(current: Rate | null, rate: Rate): Rate {
  if (current === null) return rate;
  // Compare calls / periodMs without dividing: a.calls * b.periodMs vs b.calls * a.periodMs.
  const a = rate.calls * current.periodMs;
  const b = current.calls * rate.periodMs;
  if (a !== b) return a < b ? rate : current;
  return rate.calls < current.calls ? rate : current;
}
