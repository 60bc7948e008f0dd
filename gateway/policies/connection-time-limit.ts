import { CONTINUE, definePolicy, tighterLimit, type PolicyDefinition } from "./policy";

interface ConnectionTimeLimitConfig {
  ms: number;
}

/**
 * `<name seconds="N" />` in inbound, no content: a connection time limit set on `limit`
 * (in milliseconds). When several documents set it, the shortest wins.
 */
export function defineConnectionTimeLimit(
  name: string,
  limit: "idleTimeoutMs" | "maxDurationMs",
): PolicyDefinition<ConnectionTimeLimitConfig> {
  return definePolicy<ConnectionTimeLimitConfig>({
    name,
    sections: ["inbound"],
    parse(element, reader) {
      const attrs = reader.attributes(element, { seconds: { type: "integer", required: true, min: 1 } });
      reader.noContent(element);
      return attrs.seconds === undefined ? null : { ms: attrs.seconds * 1000 };
    },
    apply(config, ctx) {
      ctx.limits[limit] = tighterLimit(ctx.limits[limit], config.ms);
      return CONTINUE;
    },
  });
}
