/**
 * The contract every policy file keeps (STYLE.md habit 5): its element name, where it may
 * appear, how it reads its XML (once, when a configuration loads or a document is saved) and
 * what it does at a handshake. Policies reach the outside (clock, counters, signing keys) only
 * through the `PolicyContext` they are handed. This module and everything a policy's `parse`
 * imports stay free of Node built-ins: the admin portal's editor runs the same validator in
 * the browser.
 */
import type { XmlAttribute, XmlElement, XmlNode } from "./xml/xml-tree";

/** The sections of a policy document. Only `inbound` runs at a WebSocket handshake. */
export const SECTIONS = ["inbound", "backend", "outbound", "on-error"] as const;
export type Section = (typeof SECTIONS)[number];

/** Where a document is saved; an API's document is its onHandshake operation's. */
export type PolicyScope = "global" | "product" | "api";

/** A problem in a policy document, located by UTF-16 offsets (for the editor) and 1-based line/column. */
export interface PolicyDiagnostic {
  from: number;
  to: number;
  line: number;
  column: number;
  severity: "error" | "warning";
  message: string;
}

/** A refusal: the handshake is answered with this status and APIM's JSON body (or `body` as given). */
export interface Refusal {
  ok: false;
  status: number;
  /** Short machine reason for the log's lastError.reason, e.g. "TokenExpired". */
  reason: string;
  message: string;
  /** The policy (element name) that refused, for the log's lastError.source. */
  source: string;
  headers?: Record<string, string>;
  /** return-response: the body to send verbatim instead of `{"statusCode","message"}`. */
  body?: string;
  /** return-response: the status line's reason phrase (else the standard one for `status`). */
  statusText?: string;
}
export type Decision = { ok: true } | Refusal;
export const CONTINUE: Decision = Object.freeze({ ok: true });

/** A value read from XML: a constant, or a policy expression evaluated against the handshake. */
export type Dynamic<T> = (ctx: PolicyContext) => T;

/** Per-connection limits the message-level policies set; the tunnel enforces them. 0 = none. */
export interface MessageLimits {
  /** Largest whole message client → backend, in payload bytes (close 1009). */
  maxInboundMessageBytes: number;
  /** Largest whole message backend → client (close 1009). */
  maxOutboundMessageBytes: number;
  /** rate-limit-messages: at most `calls` messages per `periodMs` in the direction(s) (close 1008). */
  inboundRate: { calls: number; periodMs: number } | null;
  outboundRate: { calls: number; periodMs: number } | null;
  /** idle-timeout: no data either way for this long (close 1001). */
  idleTimeoutMs: number;
  /** max-connection-duration (close 1001). */
  maxDurationMs: number;
}

/** The tighter of two message limits where 0 means none: several documents may set one. */
export function tighterLimit(current: number, limit: number): number {
  return current === 0 ? limit : Math.min(current, limit);
}

/** What a sliding-window rate limit says about one call. */
export interface RateLimitResult {
  allowed: boolean;
  /** Calls still allowed in the window after this one (0 when refused). */
  remaining: number;
  /** When refused: ms until the call would be allowed (0 when allowed). */
  retryAfterMs: number;
  /** A shared store could not answer and is set to refuse then (GATEWAY_COUNTERS_ON_ERROR=deny): 503. */
  unavailable?: true;
}

/** A fixed-period quota's limits and period, read once from a policy. */
export interface QuotaLimit {
  /** Calls per period; 0 = not limited. */
  calls: number;
  /** Bytes per period; 0 = not limited. */
  bytes: number;
  /** Length of a period; 0 = one period for ever (APIM's `renewal-period="0"`). */
  periodMs: number;
  /** Where periods are counted from (epoch ms): periods start at anchorMs + k * periodMs. */
  anchorMs: number;
}

/** What a quota says about one call. */
export interface QuotaResult {
  allowed: boolean;
  /** Which limit refused the call. */
  exceeded: "calls" | "bandwidth" | null;
  /** ms until the current period ends (Infinity for a lifetime quota). */
  renewsInMs: number;
  /** A shared store could not answer and is set to refuse then (GATEWAY_COUNTERS_ON_ERROR=deny): 503. */
  unavailable?: true;
}

/**
 * Counters for rate limits and quotas: in memory, or shared across gateways (DESIGN.md §6).
 * Results may be promises so a shared store (Redis) can implement this; the in-memory store
 * answers synchronously, which keeps the handshake pipeline synchronous. A store that cannot
 * answer never rejects: it lets the call through or answers `unavailable`, as it is set to.
 */
export interface CounterStore {
  /**
   * Sliding-window rate limit under `key`: allowed when the calls counted in the last
   * `windowMs` plus `increment` (at least 1) stay within `limit`; an allowed call adds
   * `increment` calls (0 = only check, for an increment-condition that is false).
   */
  hit(key: string, limit: number, windowMs: number, now: number, increment: number): RateLimitResult | Promise<RateLimitResult>;
  /**
   * Fixed-period quota under `key`: refused when the period's calls plus `calls` (at least 1)
   * would pass `limit.calls`, or its bytes already reached `limit.bytes`. An allowed call adds
   * `calls`; `bytes` are always added (they are known only after a connection ends).
   */
  quota(key: string, limit: QuotaLimit, now: number, calls: number, bytes: number): QuotaResult | Promise<QuotaResult>;
}

/** A public JSON Web Key as an OpenID provider publishes it in its JWKS. */
export interface PublicJwk {
  readonly kty: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly key_ops?: readonly string[];
  readonly crv?: string;
  readonly n?: string;
  readonly e?: string;
  readonly x?: string;
  readonly y?: string;
}

/** An OpenID provider's signing keys and issuer, as last fetched. The same object until they change. */
export interface OpenIdKeySet {
  /** The metadata's `issuer`: a token verified by these keys must name it (or one of `<issuers>`). */
  readonly issuer: string | null;
  readonly keys: readonly PublicJwk[];
}

/** A provider's keys, or why there are none yet (the service logs the cause). */
export type OpenIdKeys = { ok: true; keySet: OpenIdKeySet } | { ok: false; error: string };

/** Signing keys from OpenID providers (openid-config), cached as APIM caches them. */
export interface JwtServices {
  /**
   * The keys of the provider whose metadata is at `url`: synchronously when cached, a promise
   * while they are first fetched. `missingKid` says a token names a key the cached set lacks,
   * which refetches them (rate-limited); the promise then carries the refetched set.
   */
  openIdKeys(url: string, missingKid?: string): OpenIdKeys | Promise<OpenIdKeys>;
}

/** What policies may use from outside the request. */
export interface PolicyServices {
  now(): number;
  counters: CounterStore;
  jwt: JwtServices;
  /** Logs once per (API, policy) that an inherited policy unsupported at onHandshake was skipped. */
  skipped(apiId: string, policy: string): void;
}

/** Request headers as the policies see and change them (names case-insensitive). */
export interface PolicyHeaders {
  get(name: string): string | undefined;
  /** Every value of a header, in order ([] when absent). */
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, values: string[]): void;
  append(name: string, value: string): void;
  delete(name: string): void;
}

/** Query parameters as the policies see and change them (names case-sensitive, as APIM). */
export interface PolicyQuery {
  get(name: string): string | undefined;
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, values: string[]): void;
  append(name: string, value: string): void;
  delete(name: string): void;
}

/** One handshake as the policies see it: APIM's `context`, plus what policies hand on. */
export interface PolicyContext {
  request: {
    ipAddress: string;
    method: string;
    headers: PolicyHeaders;
    url: { scheme: "ws" | "wss"; host: string; path: string; query: PolicyQuery };
  };
  api: { id: string; path: string; name: string };
  product: { id: string; name: string } | null;
  subscription: { id: string; key: string; name: string } | null;
  user: { id: string; email: string } | null;
  variables: Map<string, unknown>;
  /** set-backend-service: the backend base URL replacing the API's service URL. */
  backendServiceUrl: string | null;
  /** Headers to add to the client's 101 response (rate-limit remaining-calls headers). */
  responseHeaders: Record<string, string>;
  limits: MessageLimits;
  services: PolicyServices;
}

/** How a policy reports problems and reads its attributes while it is parsed. */
export interface PolicyReader {
  readonly scope: PolicyScope;
  error(node: XmlNode | XmlAttribute, message: string): void;
  warning(node: XmlNode | XmlAttribute, message: string): void;
  /**
   * Reads `element`'s attributes by `spec`: unknown attributes, missing required ones and
   * values of the wrong type are reported; absent optional ones are `undefined`.
   */
  attributes<S extends AttributeSpec>(element: XmlElement, spec: S): AttributeValues<S>;
  /** The element's child elements, reporting text other than whitespace. */
  children(element: XmlElement): XmlElement[];
  /** `children` named `name`, in order, reporting each other one as reached: "<label> contains <name> elements, not <other>" (label: the element's tag). */
  childrenNamed(element: XmlElement, name: string, label?: string): Iterable<XmlElement>;
  /** Reports each child element: "<name> takes no content", with " (<child>)" after it when `nameChild`. */
  noContent(element: XmlElement, nameChild?: boolean): void;
  /** Reports each attribute: "<label> takes no attributes ('name')" (label: the element's tag). */
  noAttributes(element: XmlElement, label?: string): void;
  /** The element's text content (entities decoded); a `@(…)` text compiles to an expression. */
  text(element: XmlElement): Dynamic<string> | null;
  /** Compiles an expression or template value (`@(…)` anywhere = expression) found at `node`. */
  dynamic(value: string, node: XmlNode | XmlAttribute): Dynamic<unknown>;
  /** Compiles nested policies (choose/when) in `section`. */
  policies(elements: XmlElement[], section: Section): Step[];
}

/** An attribute's declared type. `dynamic: true` allows a `@(…)` value (evaluated per handshake). */
export type AttributeType =
  | { type: "string"; required?: boolean; dynamic?: boolean }
  | { type: "integer"; required?: boolean; min?: number; max?: number; dynamic?: boolean }
  | { type: "boolean"; required?: boolean; dynamic?: boolean }
  | { type: "enum"; values: readonly string[]; required?: boolean };
export type AttributeSpec = Record<string, AttributeType>;

type ValueOf<T extends AttributeType> = T extends { type: "integer" } ? number : T extends { type: "boolean" } ? boolean : string;
/** Dynamic attributes read as functions of the handshake, the others as constants. */
export type AttributeValues<S extends AttributeSpec> = {
  [K in keyof S]: (S[K] extends { dynamic: true } ? Dynamic<ValueOf<S[K]>> : ValueOf<S[K]>) | undefined;
};

/** One policy: its XML element name, the sections it may appear in, its parser and its action. */
export interface PolicyDefinition<C> {
  readonly name: string;
  readonly sections: readonly Section[];
  /** Reads the element; returns null when it reported an error. */
  parse(element: XmlElement, reader: PolicyReader): C | null;
  /** Runs at a handshake; synchronous unless it must wait (keys being fetched). */
  apply(config: C, ctx: PolicyContext): Decision | Promise<Decision>;
}

/** Marks where a section inherits its parent scope's policies (`<base />`). */
export const BASE = "base" as const;

/** A compiled policy ready to run. */
export interface Step {
  readonly name: string;
  /** Where it came from, for logs: "global", "product", "api". */
  readonly scope: PolicyScope;
  run(ctx: PolicyContext): Decision | Promise<Decision>;
}

/** Declares a policy with its config type inferred. */
export function definePolicy<C>(definition: PolicyDefinition<C>): PolicyDefinition<C> {
  return definition;
}
