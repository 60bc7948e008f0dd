/**
 * `<rate-limit-by-key calls renewal-period counter-key increment-condition increment-count …>`:
 * at most `calls` handshakes per value of `counter-key` (typically an expression such as
 * `@(context.Request.IpAddress)`) in any sliding window of `renewal-period` seconds (at most
 * 300); past it, APIM's 429 "Rate limit is exceeded. Try again in N seconds." with Retry-After
 * (or `retry-after-header-name`).
 *
 * As in APIM, one counter serves every scope that uses the same key value. A handshake whose
 * `increment-condition` is false is still refused while the key is over its limit, but is not
 * counted. APIM defers expressions in increment-condition and increment-count to the end of the
 * outbound pipeline; a WebSocket handshake has no outbound pipeline, so they are evaluated here.
 */
import { expressionFailure } from "./dynamic-values";
import { isExpression } from "./expressions/compile-expression";
import {
  counterStoreUnavailable,
  MAX_RATE_LIMIT_PERIOD_SECONDS,
  RATE_LIMIT_NAME_ATTRIBUTES,
  rateLimitExceeded,
  readRateLimitHeaders,
  reportRemaining,
  settle,
  type RateLimitHeaders,
} from "./counters/throttling";
import { definePolicy, type Dynamic } from "./policy";

const NAME = "rate-limit-by-key";

interface RateLimitByKeyConfig {
  calls: Dynamic<number>;
  renewalPeriod: Dynamic<number>;
  counterKey: Dynamic<string>;
  incrementCondition: Dynamic<boolean> | undefined;
  incrementCount: Dynamic<number> | undefined;
  names: RateLimitHeaders;
}

export const rateLimitByKey = definePolicy<RateLimitByKeyConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, {
      calls: { type: "integer", required: true, min: 1, dynamic: true },
      "renewal-period": { type: "integer", required: true, min: 1, max: MAX_RATE_LIMIT_PERIOD_SECONDS, dynamic: true },
      "counter-key": { type: "string", required: true, dynamic: true },
      "increment-condition": { type: "boolean", dynamic: true },
      "increment-count": { type: "integer", min: 1, dynamic: true },
      ...RATE_LIMIT_NAME_ATTRIBUTES,
    });
    const names = readRateLimitHeaders(element, reader, attrs);
    reader.noContent(element, true);
    const constant = (name: string) => {
      const raw = element.attributes.find((a) => a.name === name);
      return raw === undefined || isExpression(raw.value) ? undefined : Number(raw.value.trim());
    };
    const calls = constant("calls");
    const count = constant("increment-count");
    if (calls !== undefined && count !== undefined && count > calls) {
      reader.error(
        element.attributes.find((a) => a.name === "increment-count")!,
        `'increment-count' (${count}) is more than 'calls' (${calls}): every handshake would be refused`,
      );
    }
    if (attrs.calls === undefined || attrs["renewal-period"] === undefined || attrs["counter-key"] === undefined) return null;
    return {
      calls: attrs.calls,
      renewalPeriod: attrs["renewal-period"],
      counterKey: attrs["counter-key"],
      incrementCondition: attrs["increment-condition"],
      incrementCount: attrs["increment-count"],
      names,
    };
  },
  apply(config, ctx) {
    const calls = config.calls(ctx);
    if (calls < 1) return expressionFailure(NAME, `${NAME}: the 'calls' expression gave ${calls}; it must be a whole number of at least 1`);
    const seconds = config.renewalPeriod(ctx);
    if (seconds < 1 || seconds > MAX_RATE_LIMIT_PERIOD_SECONDS) {
      return expressionFailure(NAME, `${NAME}: the 'renewal-period' expression gave ${seconds}; it must be 1 to ${MAX_RATE_LIMIT_PERIOD_SECONDS} seconds`);
    }
    let increment = config.incrementCount === undefined ? 1 : config.incrementCount(ctx);
    if (increment < 0) return expressionFailure(NAME, `${NAME}: the 'increment-count' expression gave ${increment}; it must not be negative`);
    if (config.incrementCondition !== undefined && !config.incrementCondition(ctx)) increment = 0;
    const key = `rate-limit-by-key|${config.counterKey(ctx)}`;
    const result = ctx.services.counters.hit(key, calls, seconds * 1000, ctx.services.now(), increment);
    return settle(result, (r) =>
      r.allowed
        ? reportRemaining(ctx, config.names, r.remaining, calls)
        : r.unavailable
          ? counterStoreUnavailable(NAME)
          : rateLimitExceeded(NAME, ctx, config.names, r.retryAfterMs, calls),
    );
  },
});
