/**
 * `<quota calls bandwidth renewal-period>`: at most `calls` handshakes per subscription in each
 * fixed period of `renewal-period` seconds (0 = one period for ever); past it, APIM's 403 "Out
 * of call volume quota. Quota will be replenished in hh:mm:ss." with Retry-After.
 *
 * As in APIM: it applies only to calls made with a subscription key (without one it lets the
 * handshake through), it may appear once per document, and nested `<api name|id calls
 * renewal-period>` / `<operation name|id …>` quotas count independently of the policy's own.
 * APIM allows quota only in product documents; Portcullis accepts it at every scope, with a
 * counter per subscription and per document. Periods start from 0001-01-01T00:00:00Z, not
 * from the subscription's creation (see DEFAULT_PERIOD_ANCHOR_MS). `bandwidth`: see
 * rejectBandwidth.
 */
import {
  counterStoreUnavailable,
  DEFAULT_PERIOD_ANCHOR_MS,
  checkOncePerDocument,
  quotaExceeded,
  readNestedLimits,
  rejectBandwidth,
  requireCallsOrBandwidth,
  scopeKey,
  settle,
  settleAll,
  targetsApi,
  type NestedTarget,
} from "./counters/throttling";
import { CONTINUE, definePolicy, type Decision, type PolicyReader, type PolicyScope, type QuotaLimit, type QuotaResult } from "./policy";
import type { XmlElement } from "./xml/xml-tree";

const NAME = "quota";

interface QuotaConfig {
  scope: PolicyScope;
  /** null when the policy's own quota limits nothing here (bandwidth only). */
  limit: QuotaLimit | null;
  nested: { target: NestedTarget; limit: QuotaLimit }[];
}

const documentsWithOne = new WeakSet<object>();

export const quota = definePolicy<QuotaConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    checkOncePerDocument(reader, element, documentsWithOne);
    const own = readLimit(element, reader, {});
    const nested = readNestedLimits(element, reader, (child) => readLimit(child, reader, { name: { type: "string" }, id: { type: "string" } }) ?? null);
    if (own === undefined) return null;
    return { scope: reader.scope, limit: own, nested };
  },
  apply(config, ctx) {
    const subscription = ctx.subscription;
    if (subscription === null) return CONTINUE;
    const base = `${NAME}|${scopeKey(config.scope, ctx)}|`;
    const subject = `|${subscription.id}`;
    const applied: { key: string; limit: QuotaLimit }[] = [];
    if (config.limit !== null) applied.push({ key: `${base}${subject}`, limit: config.limit });
    for (const { target, limit } of config.nested) if (targetsApi(target, ctx)) applied.push({ key: `${base}${target.keyPart}${subject}`, limit });
    if (applied.length === 0) return CONTINUE;
    const now = ctx.services.now();
    const counters = ctx.services.counters;
    const countAll = (calls: number) => settleAll(applied.map(({ key, limit }) => counters.quota(key, limit, now, calls, 0)));
    if (applied.length === 1) return settle(countAll(1), decide);
    // Several quotas: count the call in all of them only when none refuses it.
    return settle(countAll(0), (checks) => (checks.every((c) => c.allowed) ? settle(countAll(1), decide) : decide(checks)));
  },
});

function decide(results: QuotaResult[]): Decision {
  let refusal: QuotaResult | null = null;
  if (results.some((r) => r.unavailable)) return counterStoreUnavailable(NAME);
  for (const r of results) if (!r.allowed && (refusal === null || r.renewsInMs > refusal.renewsInMs)) refusal = r;
  return refusal === null ? CONTINUE : quotaExceeded(NAME, refusal.exceeded ?? "calls", refusal.renewsInMs);
}

/**
 * Reads calls, bandwidth and renewal-period (plus `extra` attributes): undefined when they are
 * unusable, null when they limit nothing on a WebSocket API (bandwidth only).
 */
function readLimit(element: XmlElement, reader: PolicyReader, extra: { name?: { type: "string" }; id?: { type: "string" } }): QuotaLimit | null | undefined {
  const attrs = reader.attributes(element, {
    ...extra,
    calls: { type: "integer", min: 1 },
    bandwidth: { type: "integer", min: 1 },
    "renewal-period": { type: "integer", required: true, min: 0 },
  });
  requireCallsOrBandwidth(element, reader);
  rejectBandwidth(element, reader, attrs.calls !== undefined);
  if (attrs["renewal-period"] === undefined) return undefined;
  if (attrs.calls === undefined) return null;
  return { calls: attrs.calls, bytes: 0, periodMs: attrs["renewal-period"] * 1000, anchorMs: DEFAULT_PERIOD_ANCHOR_MS };
}
