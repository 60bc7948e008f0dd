/**
 * What rate-limit, rate-limit-by-key, quota and quota-by-key share: APIM's refusals (429 with
 * Retry-After, 403 with the replenish time), the per-subscription counter keys, the nested
 * `<api>`/`<operation>` limits, and waiting on a counter store that may answer with a promise.
 *
 * For a WebSocket API a call is a handshake: it is counted when the policy runs, before the
 * backend is reached (APIM's `context.Response` does not exist at onHandshake).
 */
import { CONTINUE, type Decision, type PolicyContext, type PolicyReader, type PolicyScope, type Refusal } from "../policy";
import type { XmlElement } from "../xml/xml-tree";

/** rate-limit's and rate-limit-by-key's longest window (APIM: "Maximum allowed value: 300 seconds"). */
export const MAX_RATE_LIMIT_PERIOD_SECONDS = 300;

/** The one operation of a WebSocket API, which `<operation>` elements may name. */
const ON_HANDSHAKE = "onHandshake";

/** `f(value)`, waiting first when the store answered with a promise. */
export function settle<T, R>(value: T | Promise<T>, f: (settled: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** All of `values`, waiting only when one of them is a promise. */
export function settleAll<T>(values: (T | Promise<T>)[]): T[] | Promise<T[]> {
  return values.some((v) => v instanceof Promise) ? Promise.all(values) : (values as T[]);
}

/** Whole seconds to wait, as APIM rounds them: up, and at least 1. */
function retrySeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A duration as .NET prints a TimeSpan (`hh:mm:ss`, `d.hh:mm:ss` past a day), rounded up to the second. */
export function formatTimeSpan(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const two = (n: number) => String(n).padStart(2, "0");
  const clock = `${two(Math.floor((total % 86_400) / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

/** The header names a rate-limit policy reports through. */
export interface RateLimitHeaders {
  retryAfterHeader: string;
  retryAfterVariable: string | undefined;
  remainingHeader: string | undefined;
  remainingVariable: string | undefined;
  totalHeader: string | undefined;
}

/** The attributes rate-limit and rate-limit-by-key share for naming headers and variables. */
export const RATE_LIMIT_NAME_ATTRIBUTES = {
  "retry-after-header-name": { type: "string" },
  "retry-after-variable-name": { type: "string" },
  "remaining-calls-header-name": { type: "string" },
  "remaining-calls-variable-name": { type: "string" },
  "total-calls-header-name": { type: "string" },
} as const;

/** Reads the header and variable names, checking each is a usable name. */
export function readRateLimitHeaders(
  element: XmlElement,
  reader: PolicyReader,
  attrs: Partial<Record<keyof typeof RATE_LIMIT_NAME_ATTRIBUTES, string>>,
): RateLimitHeaders {
  for (const name of ["retry-after-header-name", "remaining-calls-header-name", "total-calls-header-name"] as const) {
    const value = attrs[name];
    if (value !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) {
      reader.error(element.attributes.find((a) => a.name === name)!, `'${name}' of <${element.name}> must be a header name (letters, digits, '-'), not '${value}'`);
    }
  }
  for (const name of ["retry-after-variable-name", "remaining-calls-variable-name"] as const) {
    if (attrs[name] !== undefined && attrs[name].trim() === "") {
      reader.error(element.attributes.find((a) => a.name === name)!, `'${name}' of <${element.name}> must not be empty`);
    }
  }
  return {
    retryAfterHeader: attrs["retry-after-header-name"] ?? "Retry-After",
    retryAfterVariable: attrs["retry-after-variable-name"],
    remainingHeader: attrs["remaining-calls-header-name"],
    remainingVariable: attrs["remaining-calls-variable-name"],
    totalHeader: attrs["total-calls-header-name"],
  };
}

/** Reports what an allowed call leaves: remaining-calls header (on the 101) and variable, total-calls header. */
export function reportRemaining(ctx: PolicyContext, names: RateLimitHeaders, remaining: number, total: number): Decision {
  if (names.remainingHeader !== undefined) ctx.responseHeaders[names.remainingHeader] = String(remaining);
  if (names.totalHeader !== undefined) ctx.responseHeaders[names.totalHeader] = String(total);
  if (names.remainingVariable !== undefined) ctx.variables.set(names.remainingVariable, remaining);
  return CONTINUE;
}

/** APIM's 429: "Rate limit is exceeded. Try again in N seconds." with Retry-After (or the header named). */
export function rateLimitExceeded(source: string, ctx: PolicyContext, names: RateLimitHeaders, retryAfterMs: number, total: number): Refusal {
  const seconds = retrySeconds(retryAfterMs);
  const headers: Record<string, string> = { [names.retryAfterHeader]: String(seconds) };
  if (names.remainingHeader !== undefined) headers[names.remainingHeader] = "0";
  if (names.totalHeader !== undefined) headers[names.totalHeader] = String(total);
  if (names.retryAfterVariable !== undefined) ctx.variables.set(names.retryAfterVariable, seconds);
  if (names.remainingVariable !== undefined) ctx.variables.set(names.remainingVariable, 0);
  return { ok: false, status: 429, reason: "RateLimitExceeded", message: `Rate limit is exceeded. Try again in ${seconds} seconds.`, source, headers };
}

/**
 * 503 when the shared counter store (Redis) cannot answer and the gateway is set to refuse then
 * (GATEWAY_COUNTERS_ON_ERROR=deny) rather than let calls through uncounted.
 */
export function counterStoreUnavailable(source: string): Refusal {
  return {
    ok: false,
    status: 503,
    reason: "CounterStoreUnavailable",
    message: "Rate limits and quotas cannot be checked right now. Try again later.",
    source,
  };
}

/**
 * APIM's 403 for a spent quota, with Retry-After: "Out of call volume quota. Quota will be
 * replenished in 07:01:20." (or "Out of bandwidth quota. …"). A lifetime quota
 * (`renewal-period="0"`) is never replenished: its message stops after the first sentence and
 * it sends no Retry-After.
 */
export function quotaExceeded(source: string, exceeded: "calls" | "bandwidth", renewsInMs: number): Refusal {
  const what = exceeded === "calls" ? "Out of call volume quota." : "Out of bandwidth quota.";
  if (!Number.isFinite(renewsInMs)) return { ok: false, status: 403, reason: "QuotaExceeded", message: what, source };
  return {
    ok: false,
    status: 403,
    reason: "QuotaExceeded",
    message: `${what} Quota will be replenished in ${formatTimeSpan(renewsInMs)}.`,
    source,
    headers: { "Retry-After": String(retrySeconds(renewsInMs)) },
  };
}

/**
 * Reports a second `<name>` in the same document: APIM allows rate-limit and quota "only once
 * per policy definition". Remembers per reader (one reader reads one document).
 */
export function checkOncePerDocument(reader: PolicyReader, element: XmlElement, seen: WeakSet<object>): void {
  if (seen.has(reader)) reader.error(element, `<${element.name}> can be used only once in a policy document`);
  seen.add(reader);
}

/**
 * The part of a per-subscription counter key naming where the policy is written, so limits
 * at the product and at the API are independent counters (as APIM applies them).
 */
export function scopeKey(scope: PolicyScope, ctx: PolicyContext): string {
  if (scope === "product") return `product:${ctx.product?.id ?? ""}`;
  if (scope === "api") return `api:${ctx.api.id}`;
  return "global";
}

/** A limit nested in rate-limit or quota: for one API, or its onHandshake operation. */
export interface NestedTarget {
  /** `id` when given (APIM ignores `name` then), else `name`. */
  apiId: string | undefined;
  apiName: string | undefined;
  /** The counter-key part distinguishing it from the policy's own limit. */
  keyPart: string;
}

/** Whether a nested limit's API is the one being called. */
export function targetsApi(target: NestedTarget, ctx: PolicyContext): boolean {
  return target.apiId !== undefined ? target.apiId === ctx.api.id : target.apiName === ctx.api.name;
}

/**
 * Reads the children of rate-limit or quota: `<api name|id …>` with `<operation name|id …>`
 * inside. `readLimit` reads an element's attributes (its spec must list `name` and `id`) and
 * returns null when they are unusable. The only operation of a WebSocket API is onHandshake,
 * so an `<operation>` naming another is refused.
 */
export function readNestedLimits<L>(
  element: XmlElement,
  reader: PolicyReader,
  readLimit: (child: XmlElement) => L | null,
): { target: NestedTarget; limit: L }[] {
  const out: { target: NestedTarget; limit: L }[] = [];
  for (const api of reader.childrenNamed(element, "api")) {
    const ref = readReference(api, reader);
    const limit = readLimit(api);
    if (ref === null) continue;
    const target: NestedTarget = { apiId: ref.id, apiName: ref.id === undefined ? ref.name : undefined, keyPart: `api:${ref.id ?? `name:${ref.name}`}` };
    if (limit !== null) out.push({ target, limit });
    for (const operation of reader.childrenNamed(api, "operation", `<api> in <${element.name}>`)) {
      const opRef = readReference(operation, reader);
      const opLimit = readLimit(operation);
      if (opRef === null) continue;
      const named = opRef.id ?? opRef.name;
      if (named !== ON_HANDSHAKE) {
        const which = opRef.id !== undefined ? "id" : "name";
        reader.error(
          operation.attributes.find((a) => a.name === which) ?? operation,
          `a WebSocket API has one operation, ${ON_HANDSHAKE}: <operation ${which}="${named}"> names no operation`,
        );
        continue;
      }
      if (opLimit !== null) out.push({ target: { ...target, keyPart: `${target.keyPart}|op:${ON_HANDSHAKE}` }, limit: opLimit });
    }
  }
  return out;
}

function readReference(element: XmlElement, reader: PolicyReader): { id: string | undefined; name: string | undefined } | null {
  const id = element.attributes.find((a) => a.name === "id")?.value;
  const name = element.attributes.find((a) => a.name === "name")?.value;
  if (id === undefined && name === undefined) {
    reader.error(element, `<${element.name}> needs the attribute 'name' or 'id'`);
    return null;
  }
  return { id, name };
}

/**
 * Periods of quota (per subscription) start from 0001-01-01T00:00:00Z, quota-by-key's default
 * `first-period-start`. APIM counts them from the subscription's creation, which the handshake
 * context does not carry; for periods that divide a day this means UTC hours and midnights.
 */
export const DEFAULT_PERIOD_ANCHOR_MS = Date.parse("0001-01-01T00:00:00Z");

/**
 * `bandwidth` (kilobytes per period) on a WebSocket API. A connection's bytes are known only as
 * it runs, long after the handshake the quota decides on, and counting them would need the
 * tunnel to report back to the policy; Portcullis does not. So `bandwidth` is refused where it
 * would silently do nothing to this API (a document at API scope), and at the global and
 * product scopes, which may be shared with documents written for HTTP APIs, it is ignored with
 * a warning: only calls (handshakes) count.
 */
export function rejectBandwidth(element: XmlElement, reader: PolicyReader, hasCalls: boolean): void {
  const attribute = element.attributes.find((a) => a.name === "bandwidth");
  if (attribute === undefined) return;
  const why = "a WebSocket connection's bytes are not known at its handshake";
  if (reader.scope === "api") {
    reader.error(attribute, `'bandwidth' of <${element.name}> is not supported on WebSocket APIs (${why}): limit 'calls' (handshakes) instead`);
  } else {
    reader.warning(
      attribute,
      hasCalls
        ? `'bandwidth' of <${element.name}> is ignored on WebSocket APIs (${why}): only 'calls' (handshakes) are counted`
        : `'bandwidth' of <${element.name}> is ignored on WebSocket APIs (${why}): without 'calls' this quota limits nothing there`,
    );
  }
}

/** Checks that `calls` or `bandwidth` is given, as APIM requires. */
export function requireCallsOrBandwidth(element: XmlElement, reader: PolicyReader): void {
  if (!element.attributes.some((a) => a.name === "calls" || a.name === "bandwidth")) {
    reader.error(element, `<${element.name}> needs 'calls', 'bandwidth' or both`);
  }
}
