/**
 * The gateway's cache of OpenID providers' signing keys for `<openid-config>`, refreshed as APIM
 * documents it (validate-jwt-policy.md): the metadata and its JWKS are fetched and cached for an
 * hour; a token naming an unknown `kid`, or a failed refresh, fetches again at most once per five
 * minutes, so a flood of made-up kids cannot make the gateway hammer the provider (a provider
 * never reached yet is retried every 30 s: there are no keys to serve meanwhile). Concurrent
 * handshakes share one fetch; a failed refresh keeps the keys it had. Node side only.
 */
import { log } from "../../log";
import type { JwtServices, OpenIdKeys, OpenIdKeySet, PublicJwk } from "../policy";

export interface OpenIdKeyCacheOptions {
  now?: () => number;
  /** Age after which cached keys are refetched (in the background). APIM: 1 hour. */
  refreshMs?: number;
  /** Least time between two fetches for an unknown kid or after a failed refresh. APIM: 5 minutes. */
  minRefetchMs?: number;
  /**
   * Least time between two fetches while no keys were ever fetched (30 s): with nothing to
   * serve, APIM's five minutes would refuse every token for five minutes after the provider is back.
   */
  retryWithoutKeysMs?: number;
  /** Limit for one fetch of the metadata and then the JWKS. */
  timeoutMs?: number;
  /** Largest metadata or JWKS response accepted, in bytes. */
  maxResponseBytes?: number;
  /** Where failed fetches are reported (default: the gateway log, as a warning). */
  onFetchFailed?: (url: string, error: string) => void;
  fetch?: typeof fetch;
}

/** Members of a JWK that verification uses; anything else a provider publishes is dropped. */
const PUBLIC_MEMBERS = ["kty", "kid", "alg", "use", "crv", "n", "e", "x", "y"] as const;
/** Private members: a JWKS that publishes one is misconfigured, and the key is not used. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k"];
const MAX_KEYS = 100;

interface Entry {
  /** The last keys fetched, kept through failed refreshes. */
  result: OpenIdKeys | null;
  /** Why the last fetch failed (null after a success). */
  error: string | null;
  fetchedAt: number;
  attemptedAt: number;
  inFlight: Promise<OpenIdKeys> | null;
}

/** One per gateway: construct once and hand it to the policies as `services.jwt`. */
export class OpenIdKeyCache implements JwtServices {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly refreshMs: number;
  private readonly minRefetchMs: number;
  private readonly retryWithoutKeysMs: number;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly onFetchFailed: (url: string, error: string) => void;
  private readonly fetch: typeof fetch;

  constructor(options: OpenIdKeyCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.refreshMs = options.refreshMs ?? 60 * 60_000;
    this.minRefetchMs = options.minRefetchMs ?? 5 * 60_000;
    this.retryWithoutKeysMs = options.retryWithoutKeysMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 512 * 1024;
    this.onFetchFailed = options.onFetchFailed ?? ((url, error) => log.warn("openid-config: could not fetch signing keys", { url, error }));
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  openIdKeys(url: string, missingKid?: string): OpenIdKeys | Promise<OpenIdKeys> {
    let entry = this.entries.get(url);
    if (entry === undefined) {
      entry = { result: null, error: null, fetchedAt: 0, attemptedAt: 0, inFlight: null };
      this.entries.set(url, entry);
      return this.refetch(url, entry);
    }
    const lacksKid = missingKid !== undefined && !(entry.result?.ok === true && entry.result.keySet.keys.some((k) => k.kid === missingKid));
    if (entry.inFlight !== null) return entry.result === null || lacksKid ? entry.inFlight : entry.result;
    const now = this.now();
    if (entry.result === null) {
      const mayRetry = now - entry.attemptedAt >= this.retryWithoutKeysMs;
      return mayRetry ? this.refetch(url, entry) : { ok: false, error: entry.error ?? "not fetched" };
    }
    const mayRefetch = now - entry.attemptedAt >= this.minRefetchMs;
    if (lacksKid && mayRefetch) return this.refetch(url, entry);
    // Stale keys keep serving while fresh ones are fetched in the background.
    if (now - entry.fetchedAt >= this.refreshMs && mayRefetch) void this.refetch(url, entry);
    return entry.result;
  }

  private refetch(url: string, entry: Entry): Promise<OpenIdKeys> {
    entry.attemptedAt = this.now();
    const pending = this.load(url).then(
      (keySet): OpenIdKeys => {
        const previous = entry.result?.ok ? entry.result.keySet : null;
        // The same keys keep the same object, so what was imported or verified with them stays valid.
        if (previous === null || !sameKeys(previous, keySet)) entry.result = { ok: true, keySet };
        entry.error = null;
        entry.fetchedAt = this.now();
        return entry.result!;
      },
      (error: unknown): OpenIdKeys => {
        entry.error = error instanceof Error ? error.message : String(error);
        this.onFetchFailed(url, entry.error);
        return entry.result ?? { ok: false, error: entry.error };
      },
    );
    entry.inFlight = pending;
    void pending.finally(() => {
      if (entry.inFlight === pending) entry.inFlight = null;
    });
    return pending;
  }

  /** The provider's metadata, then its JWKS, within one deadline. */
  private async load(url: string): Promise<OpenIdKeySet> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const metadata = await this.getJson(url, signal, "openid-config");
    const jwksUri = metadata.jwks_uri;
    if (typeof jwksUri !== "string" || !isHttpUrl(jwksUri)) throw new Error(`the metadata at ${url} has no http(s) jwks_uri`);
    const jwks = await this.getJson(jwksUri, signal, "jwks_uri");
    if (!Array.isArray(jwks.keys)) throw new Error(`the JWKS at ${jwksUri} has no "keys" array`);
    const keys: PublicJwk[] = [];
    for (const raw of jwks.keys.slice(0, MAX_KEYS)) {
      const key = publicSigningKey(raw);
      if (key !== null) keys.push(key);
    }
    if (keys.length === 0) throw new Error(`the JWKS at ${jwksUri} has no usable RSA or EC signing keys`);
    const issuer = typeof metadata.issuer === "string" && metadata.issuer !== "" ? metadata.issuer : null;
    return Object.freeze({ issuer, keys: Object.freeze(keys) });
  }

  private async getJson(url: string, signal: AbortSignal, what: string): Promise<Record<string, unknown>> {
    if (!isHttpUrl(url)) throw new Error(`${what} URL ${url} is not http(s)`);
    let response: Response;
    try {
      response = await this.fetch(url, { signal, headers: { accept: "application/json" }, redirect: "follow" });
    } catch (error) {
      throw new Error(`${what} ${url}: ${describe(error, this.timeoutMs)}`, { cause: error });
    }
    if (!response.ok) {
      void response.body?.cancel();
      throw new Error(`${what} ${url} answered HTTP ${response.status}`);
    }
    const text = await readCapped(response, this.maxResponseBytes).catch((error: unknown) => {
      throw new Error(`${what} ${url}: ${describe(error, this.timeoutMs)}`, { cause: error });
    });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${what} ${url} did not answer JSON`, { cause: error });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${what} ${url} did not answer a JSON object`);
    return value as Record<string, unknown>;
  }
}

/** The body as text, refusing more than `max` bytes (by Content-Length, or while reading). */
async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    void response.body?.cancel();
    throw new Error(`response larger than ${max} bytes`);
  }
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel();
      throw new Error(`response larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A JWKS member usable to verify signatures: RSA or EC, public, its members strings. */
function publicSigningKey(raw: unknown): PublicJwk | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const record = raw as Record<string, unknown>;
  if (record.kty !== "RSA" && record.kty !== "EC") return null;
  if (PRIVATE_MEMBERS.some((m) => record[m] !== undefined)) return null;
  const key: Record<string, unknown> = {};
  for (const member of PUBLIC_MEMBERS) {
    const value = record[member];
    if (value === undefined) continue;
    if (typeof value !== "string") return null;
    key[member] = value;
  }
  const ops = record.key_ops;
  if (ops !== undefined) {
    if (!Array.isArray(ops) || !ops.every((op) => typeof op === "string")) return null;
    key.key_ops = Object.freeze([...ops]);
  }
  return Object.freeze(key) as unknown as PublicJwk;
}

function sameKeys(a: OpenIdKeySet, b: OpenIdKeySet): boolean {
  return a.issuer === b.issuer && JSON.stringify(a.keys) === JSON.stringify(b.keys);
}

function isHttpUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}
