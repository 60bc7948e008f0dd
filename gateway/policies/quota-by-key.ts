/**
 * `<quota-by-key calls bandwidth renewal-period counter-key increment-condition increment-count
 * first-period-start>`: at most `calls` handshakes per value of `counter-key` in each fixed
 * period of `renewal-period` seconds (0 = one period for ever, else at least 300), periods
 * counted from `first-period-start` (default 0001-01-01T00:00:00Z); past it, APIM's 403 "Out of
 * call volume quota. Quota will be replenished in hh:mm:ss." with Retry-After.
 *
 * As in APIM: one counter serves every scope using the same key value, and when several
 * quota-by-key policies of one handshake use the same key value it is incremented only once.
 * A handshake whose `increment-condition` is false is still refused while the quota is spent,
 * but is not counted. Expressions APIM defers to the end of the outbound pipeline are evaluated
 * at the handshake (it has no outbound pipeline). `bandwidth`: see rejectBandwidth.
 */
import { expressionFailure } from "./dynamic-values";
import { counterStoreUnavailable, DEFAULT_PERIOD_ANCHOR_MS, quotaExceeded, rejectBandwidth, requireCallsOrBandwidth, settle } from "./counters/throttling";
import { CONTINUE, definePolicy, type Dynamic, type PolicyContext, type QuotaLimit } from "./policy";

const NAME = "quota-by-key";

/** APIM: "Minimum period: 300 seconds" (0 aside, which means no renewal). */
const MIN_PERIOD_SECONDS = 300;

interface QuotaByKeyConfig {
  /** null when it limits nothing on a WebSocket API (bandwidth only). */
  limit: QuotaLimit | null;
  counterKey: Dynamic<string>;
  incrementCondition: Dynamic<boolean> | undefined;
  incrementCount: Dynamic<number> | undefined;
}

/** The key values each handshake has already counted (APIM increments a key once per request). */
const countedThisHandshake = new WeakMap<PolicyContext, Set<string>>();

export const quotaByKey = definePolicy<QuotaByKeyConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, {
      calls: { type: "integer", min: 1 },
      bandwidth: { type: "integer", min: 1 },
      "renewal-period": { type: "integer", required: true, min: 0 },
      "counter-key": { type: "string", required: true, dynamic: true },
      "increment-condition": { type: "boolean", dynamic: true },
      "increment-count": { type: "integer", min: 1, dynamic: true },
      "first-period-start": { type: "string" },
    });
    reader.noContent(element, true);
    requireCallsOrBandwidth(element, reader);
    rejectBandwidth(element, reader, attrs.calls !== undefined);
    const period = attrs["renewal-period"];
    if (period !== undefined && period > 0 && period < MIN_PERIOD_SECONDS) {
      reader.error(
        element.attributes.find((a) => a.name === "renewal-period")!,
        `'renewal-period' of <${NAME}> must be 0 (never renewed) or at least ${MIN_PERIOD_SECONDS} seconds, not ${period}`,
      );
      return null;
    }
    let anchorMs = DEFAULT_PERIOD_ANCHOR_MS;
    const start = attrs["first-period-start"];
    if (start !== undefined) {
      const parsed = parseFirstPeriodStart(start.trim());
      if (parsed === null) {
        reader.error(
          element.attributes.find((a) => a.name === "first-period-start")!,
          `'first-period-start' of <${NAME}> must be a UTC date and time as yyyy-MM-ddTHH:mm:ssZ (e.g. 2024-01-01T00:00:00Z), not '${start}'`,
        );
        return null;
      }
      anchorMs = parsed;
    }
    if (period === undefined || attrs["counter-key"] === undefined) return null;
    return {
      limit: attrs.calls === undefined ? null : { calls: attrs.calls, bytes: 0, periodMs: period * 1000, anchorMs },
      counterKey: attrs["counter-key"],
      incrementCondition: attrs["increment-condition"],
      incrementCount: attrs["increment-count"],
    };
  },
  apply(config, ctx) {
    const limit = config.limit;
    if (limit === null) return CONTINUE;
    let increment = config.incrementCount === undefined ? 1 : config.incrementCount(ctx);
    if (increment < 0) return expressionFailure(NAME, `${NAME}: the 'increment-count' expression gave ${increment}; it must not be negative`);
    if (config.incrementCondition !== undefined && !config.incrementCondition(ctx)) increment = 0;
    const value = config.counterKey(ctx);
    let counted = countedThisHandshake.get(ctx);
    if (counted?.has(value)) increment = 0;
    else if (increment > 0) {
      if (counted === undefined) countedThisHandshake.set(ctx, (counted = new Set()));
      counted.add(value);
    }
    const result = ctx.services.counters.quota(`${NAME}|${value}`, limit, ctx.services.now(), increment, 0);
    return settle(result, (r) => (r.allowed ? CONTINUE : r.unavailable ? counterStoreUnavailable(NAME) : quotaExceeded(NAME, r.exceeded ?? "calls", r.renewsInMs)));
  },
});

/** `yyyy-MM-ddTHH:mm:ssZ` (ISO 8601, UTC) as epoch ms; null unless it names a real instant. */
function parseFirstPeriodStart(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text)) return null;
  const ms = Date.parse(text);
  // Date.parse rolls 2024-02-30 over to March: a round trip catches dates that do not exist.
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== `${text.slice(0, 19)}.000Z`) return null;
  return ms;
}
