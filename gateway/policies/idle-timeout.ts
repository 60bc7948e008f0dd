/**
 * `<idle-timeout seconds="300" />` (beyond APIM): a connection with no data in either
 * direction for this long is closed on both sides with 1001 "idle timeout" (any frame counts,
 * pings included). The gateway checks every connection with one shared timer, at most a
 * second apart (finer for short timeouts), so the close comes at most that late and never
 * early. When several documents set it, the shortest wins.
 */
import { CONTINUE, definePolicy, tighterLimit } from "./policy";

const NAME = "idle-timeout";

interface IdleTimeoutConfig {
  ms: number;
}

export const idleTimeout = definePolicy<IdleTimeoutConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, { seconds: { type: "integer", required: true, min: 1 } });
    reader.noContent(element);
    return attrs.seconds === undefined ? null : { ms: attrs.seconds * 1000 };
  },
  apply(config, ctx) {
    ctx.limits.idleTimeoutMs = tighterLimit(ctx.limits.idleTimeoutMs, config.ms);
    return CONTINUE;
  },
});
