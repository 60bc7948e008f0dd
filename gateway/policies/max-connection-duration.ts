/**
 * `<max-connection-duration seconds="7200" />` (beyond APIM): a connection open this long is
 * closed on both sides with 1001 "maximum connection duration reached", however busy it is.
 * Checked by the same shared timer as idle-timeout (at most a second late, never early). When
 * several documents set it, the shortest wins.
 */
import { CONTINUE, definePolicy, tighterLimit } from "./policy";

const NAME = "max-connection-duration";

interface MaxConnectionDurationConfig {
  ms: number;
}

export const maxConnectionDuration = definePolicy<MaxConnectionDurationConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, { seconds: { type: "integer", required: true, min: 1 } });
    reader.noContent(element);
    return attrs.seconds === undefined ? null : { ms: attrs.seconds * 1000 };
  },
  apply(config, ctx) {
    ctx.limits.maxDurationMs = tighterLimit(ctx.limits.maxDurationMs, config.ms);
    return CONTINUE;
  },
});
