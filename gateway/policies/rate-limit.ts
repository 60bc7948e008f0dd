/**
 * `<rate-limit calls renewal-period …>`: at most `calls` handshakes per subscription in any
 * sliding window of `renewal-period` seconds (at most 300); past it, APIM's 429 "Rate limit is
 * exceeded. Try again in N seconds." with Retry-After (or `retry-after-header-name`).
 *
 * As in APIM: it applies only to calls made with a subscription key (without one it lets the
 * handshake through), it may appear once per document, and nested `<api name|id calls
 * renewal-period>` / `<operation name|id …>` limits count independently of the policy's own.
 * The only operation of a WebSocket API is onHandshake. Counters are per subscription and per
 * document (a product's limit and an API's limit do not share a count).
 */
import {
  MAX_RATE_LIMIT_PERIOD_SECONDS,
  RATE_LIMIT_NAME_ATTRIBUTES,
  checkOncePerDocument,
  counterStoreUnavailable,
  rateLimitExceeded,
  readNestedLimits,
  readRateLimitHeaders,
  reportRemaining,
  scopeKey,
  settle,
  settleAll,
  targetsApi,
  type NestedTarget,
  type RateLimitHeaders,
} from "./counters/throttling";
import { CONTINUE, definePolicy, type Decision, type PolicyContext, type PolicyScope, type RateLimitResult } from "./policy";

const NAME = "rate-limit";

const LIMIT_ATTRIBUTES = {
  calls: { type: "integer", required: true, min: 1 },
  "renewal-period": { type: "integer", required: true, min: 1, max: MAX_RATE_LIMIT_PERIOD_SECONDS },
} as const;

interface Limit {
  calls: number;
  windowMs: number;
}

interface RateLimitConfig {
  scope: PolicyScope;
  limit: Limit;
  nested: { target: NestedTarget; limit: Limit }[];
  names: RateLimitHeaders;
}

const documentsWithOne = new WeakSet<object>();

export const rateLimit = definePolicy<RateLimitConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    checkOncePerDocument(reader, element, documentsWithOne);
    const attrs = reader.attributes(element, { ...LIMIT_ATTRIBUTES, ...RATE_LIMIT_NAME_ATTRIBUTES });
    const names = readRateLimitHeaders(element, reader, attrs);
    const nested = readNestedLimits(element, reader, (child) => {
      const a = reader.attributes(child, { name: { type: "string" }, id: { type: "string" }, ...LIMIT_ATTRIBUTES });
      return a.calls === undefined || a["renewal-period"] === undefined ? null : { calls: a.calls, windowMs: a["renewal-period"] * 1000 };
    });
    if (attrs.calls === undefined || attrs["renewal-period"] === undefined) return null;
    return { scope: reader.scope, limit: { calls: attrs.calls, windowMs: attrs["renewal-period"] * 1000 }, nested, names };
  },
  apply(config, ctx) {
    const subscription = ctx.subscription;
    if (subscription === null) return CONTINUE;
    const base = `${NAME}|${scopeKey(config.scope, ctx)}|`;
    const subject = `|${subscription.id}`;
    const applied: { key: string; limit: Limit }[] = [{ key: `${base}${subject}`, limit: config.limit }];
    for (const { target, limit } of config.nested) if (targetsApi(target, ctx)) applied.push({ key: `${base}${target.keyPart}${subject}`, limit });
    const now = ctx.services.now();
    const counters = ctx.services.counters;
    const hitAll = (increment: number) => settleAll(applied.map(({ key, limit }) => counters.hit(key, limit.calls, limit.windowMs, now, increment)));
    if (applied.length === 1) return settle(hitAll(1), (results) => decide(config, ctx, results));
    // Several limits: count the call in all of them only when none refuses it.
    return settle(hitAll(0), (checks) => (checks.every((c) => c.allowed) ? settle(hitAll(1), (results) => decide(config, ctx, results)) : decide(config, ctx, checks)));
  },
});

function decide(config: RateLimitConfig, ctx: PolicyContext, results: RateLimitResult[]): Decision {
  if (results.some((r) => r.unavailable)) return counterStoreUnavailable(NAME);
  let refused = false;
  let retryAfterMs = 0;
  let remaining = Infinity;
  for (const r of results) {
    if (!r.allowed) {
      refused = true;
      retryAfterMs = Math.max(retryAfterMs, r.retryAfterMs);
    }
    remaining = Math.min(remaining, r.remaining);
  }
  if (refused) return rateLimitExceeded(NAME, ctx, config.names, retryAfterMs, config.limit.calls);
  return reportRemaining(ctx, config.names, remaining, config.limit.calls);
}
