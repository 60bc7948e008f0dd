/**
 * The "Add policy" palette's forms as data: each form's fields (as typed, strings), its
 * defaults, and `build`, which checks the fields and returns the XML or the field errors.
 * Pure, so the rules are unit-tested without a browser.
 */
import { parseIpAddress } from "@/gateway/policies/ip/ip-address";
import { CHECK_HEADER_DEFAULTS, checkHeaderXml } from "./snippets/check-header-snippet";
import { IP_FILTER_DEFAULTS, ipFilterXml, parseIpFilterEntry } from "./snippets/ip-filter-snippet";
import {
  IDLE_TIMEOUT_DEFAULTS,
  idleTimeoutXml,
  LIMIT_MESSAGE_SIZE_DEFAULTS,
  limitMessageSizeXml,
  MAX_CONNECTION_DURATION_DEFAULTS,
  maxConnectionDurationXml,
  RATE_LIMIT_MESSAGES_DEFAULTS,
  rateLimitMessagesXml,
  type MessageDirection,
} from "./snippets/message-snippets";
import { COUNTER_KEY_PRESETS, RATE_LIMIT_BY_KEY_DEFAULTS, rateLimitByKeyXml } from "./snippets/rate-limit-by-key-snippet";
import { VALIDATE_JWT_DEFAULTS, validateJwtXml } from "./snippets/validate-jwt-snippet";
import { isPolicyExpression, lines } from "./snippets/xml-writer";

export type Errors<F extends string> = Partial<Record<F, string>>;
export type Built<F extends string> = { ok: true; xml: string } | { ok: false; errors: Errors<F> };

/** A whole number in [min, max], or the message saying what is wrong. */
export function parseWholeNumber(value: string, { min = 1, max = 2_147_483_647 }: { min?: number; max?: number } = {}): number | string {
  const text = value.trim();
  if (text === "") return "Required.";
  if (!/^\d+$/.test(text)) return "Enter a whole number.";
  const n = Number(text);
  if (n < min) return `Must be at least ${min}.`;
  if (n > max) return `Must be at most ${max.toLocaleString("en")}.`;
  return n;
}

function collect<F extends string>(errors: Errors<F>, field: F, parsed: number | string): number {
  if (typeof parsed === "string") errors[field] = parsed;
  return typeof parsed === "number" ? parsed : 0;
}

function done<F extends string>(errors: Errors<F>, xml: () => string): Built<F> {
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, xml: xml() };
}

const HTTP_STATUS = { min: 400, max: 599 };

// ---------------------------------------------------------------------------------------------

export interface ClaimFields {
  name: string;
  /** One value per line. */
  values: string;
  match: "all" | "any";
}

export interface ValidateJwtFields {
  source: "header" | "query";
  headerName: string;
  scheme: string;
  queryParameterName: string;
  keySource: "signing-key" | "openid-config";
  signingKey: string;
  openIdConfigUrl: string;
  audiences: string;
  issuers: string;
  claims: ClaimFields[];
  failedValidationHttpCode: string;
  failedValidationErrorMessage: string;
}
export type ValidateJwtField = Exclude<keyof ValidateJwtFields, "claims" | "source" | "keySource"> | `claim-${number}`;

export const VALIDATE_JWT_FIELDS: ValidateJwtFields = {
  source: VALIDATE_JWT_DEFAULTS.source,
  headerName: VALIDATE_JWT_DEFAULTS.headerName,
  scheme: VALIDATE_JWT_DEFAULTS.scheme,
  queryParameterName: VALIDATE_JWT_DEFAULTS.queryParameterName,
  keySource: VALIDATE_JWT_DEFAULTS.keySource,
  signingKey: "",
  openIdConfigUrl: "",
  audiences: "",
  issuers: "",
  claims: [],
  failedValidationHttpCode: String(VALIDATE_JWT_DEFAULTS.failedValidationHttpCode),
  failedValidationErrorMessage: VALIDATE_JWT_DEFAULTS.failedValidationErrorMessage,
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$|^[A-Za-z0-9_-]+={0,2}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function buildValidateJwt(f: ValidateJwtFields): Built<ValidateJwtField> {
  const errors: Errors<ValidateJwtField> = {};
  if (f.source === "header") {
    if (!f.headerName.trim()) errors.headerName = "Required.";
    else if (!HEADER_NAME.test(f.headerName.trim())) errors.headerName = "Not a valid header name.";
    if (f.scheme.trim() && !/^[A-Za-z][\w.-]*$/.test(f.scheme.trim())) errors.scheme = "A scheme is one word, such as Bearer.";
  } else if (!f.queryParameterName.trim()) errors.queryParameterName = "Required.";
  if (f.keySource === "signing-key") {
    const key = f.signingKey.trim();
    if (!key) errors.signingKey = "Required: the base64 of the secret that signs the tokens.";
    else if (!BASE64.test(key)) errors.signingKey = "Not base64: use A–Z, a–z, 0–9, + and / (or - and _), with = padding.";
  } else {
    const url = f.openIdConfigUrl.trim();
    if (!url) errors.openIdConfigUrl = "Required.";
    else if (!/^https?:\/\/[^\s/]+/i.test(url)) errors.openIdConfigUrl = "Enter an https:// URL.";
  }
  f.claims.forEach((claim, i) => {
    if (!claim.name.trim() && lines(claim.values).length > 0) errors[`claim-${i}`] = "Name the claim these values are for.";
  });
  const code = collect(errors, "failedValidationHttpCode", parseWholeNumber(f.failedValidationHttpCode, HTTP_STATUS));
  return done(errors, () =>
    validateJwtXml({
      ...VALIDATE_JWT_DEFAULTS,
      source: f.source,
      headerName: f.headerName,
      scheme: f.scheme,
      queryParameterName: f.queryParameterName,
      keySource: f.keySource,
      signingKey: f.signingKey,
      openIdConfigUrl: f.openIdConfigUrl,
      audiences: lines(f.audiences),
      issuers: lines(f.issuers),
      requiredClaims: f.claims.map((c) => ({ name: c.name, values: lines(c.values), match: c.match })),
      failedValidationHttpCode: code,
      failedValidationErrorMessage: f.failedValidationErrorMessage.trim(),
    }),
  );
}

// ---------------------------------------------------------------------------------------------

export interface IpFilterFields {
  action: "allow" | "forbid";
  addresses: string;
}
export const IP_FILTER_FIELDS: IpFilterFields = { action: IP_FILTER_DEFAULTS.action, addresses: "" };

/** True for an IPv4 or IPv6 address as the gateway's ip-filter reads it (its own parser). */
export function isIpAddress(value: string): boolean {
  return parseIpAddress(value).ok;
}

export function buildIpFilter(f: IpFilterFields): Built<"addresses"> {
  const errors: Errors<"addresses"> = {};
  const entries = lines(f.addresses);
  if (entries.length === 0) errors.addresses = "Enter at least one address or range.";
  for (const [i, entry] of entries.entries()) {
    const parsed = parseIpFilterEntry(entry);
    const bad = "address" in parsed ? (isIpAddress(parsed.address) ? null : parsed.address) : [parsed.from, parsed.to].find((a) => !isIpAddress(a));
    if (bad) {
      errors.addresses = `Line ${i + 1}: “${bad}” is not an IP address.`;
      break;
    }
  }
  return done(errors, () => ipFilterXml({ action: f.action, entries }));
}

// ---------------------------------------------------------------------------------------------

export interface RateLimitByKeyFields {
  calls: string;
  renewalPeriod: string;
  /** A preset's expression, or "custom" to use `customKey`. */
  preset: string;
  customKey: string;
}
export const RATE_LIMIT_BY_KEY_FIELDS: RateLimitByKeyFields = {
  calls: String(RATE_LIMIT_BY_KEY_DEFAULTS.calls),
  renewalPeriod: String(RATE_LIMIT_BY_KEY_DEFAULTS.renewalPeriod),
  preset: COUNTER_KEY_PRESETS[0].value,
  customKey: "",
};

export function buildRateLimitByKey(f: RateLimitByKeyFields): Built<"calls" | "renewalPeriod" | "customKey"> {
  const errors: Errors<"calls" | "renewalPeriod" | "customKey"> = {};
  const calls = collect(errors, "calls", parseWholeNumber(f.calls));
  const renewalPeriod = collect(errors, "renewalPeriod", parseWholeNumber(f.renewalPeriod, { max: 300 }));
  const counterKey = f.preset === "custom" ? f.customKey.trim() : f.preset;
  if (f.preset === "custom") {
    if (!counterKey) errors.customKey = "Required.";
    else if (counterKey.startsWith("@") && !isPolicyExpression(counterKey)) errors.customKey = "An expression is written @(…).";
  }
  return done(errors, () => rateLimitByKeyXml({ calls, renewalPeriod, counterKey }));
}

// ---------------------------------------------------------------------------------------------

export interface CheckHeaderFields {
  name: string;
  values: string;
  ignoreCase: boolean;
  failedCheckHttpCode: string;
  failedCheckErrorMessage: string;
}
export const CHECK_HEADER_FIELDS: CheckHeaderFields = {
  name: "",
  values: "",
  ignoreCase: CHECK_HEADER_DEFAULTS.ignoreCase,
  failedCheckHttpCode: String(CHECK_HEADER_DEFAULTS.failedCheckHttpCode),
  failedCheckErrorMessage: "",
};

export function buildCheckHeader(f: CheckHeaderFields): Built<"name" | "failedCheckHttpCode" | "failedCheckErrorMessage"> {
  const errors: Errors<"name" | "failedCheckHttpCode" | "failedCheckErrorMessage"> = {};
  if (!f.name.trim()) errors.name = "Required.";
  else if (!HEADER_NAME.test(f.name.trim())) errors.name = "Not a valid header name.";
  const code = collect(errors, "failedCheckHttpCode", parseWholeNumber(f.failedCheckHttpCode, HTTP_STATUS));
  if (!f.failedCheckErrorMessage.trim()) errors.failedCheckErrorMessage = "Required: what a refused client is told.";
  return done(errors, () =>
    checkHeaderXml({ name: f.name, values: lines(f.values), ignoreCase: f.ignoreCase, failedCheckHttpCode: code, failedCheckErrorMessage: f.failedCheckErrorMessage.trim() }),
  );
}

// ---------------------------------------------------------------------------------------------

export interface LimitMessageSizeFields {
  maxBytes: string;
  direction: MessageDirection;
}
export const LIMIT_MESSAGE_SIZE_FIELDS: LimitMessageSizeFields = { maxBytes: String(LIMIT_MESSAGE_SIZE_DEFAULTS.maxBytes), direction: LIMIT_MESSAGE_SIZE_DEFAULTS.direction };

export function buildLimitMessageSize(f: LimitMessageSizeFields): Built<"maxBytes"> {
  const errors: Errors<"maxBytes"> = {};
  const maxBytes = collect(errors, "maxBytes", parseWholeNumber(f.maxBytes));
  return done(errors, () => limitMessageSizeXml({ maxBytes, direction: f.direction }));
}

export interface RateLimitMessagesFields {
  calls: string;
  renewalPeriod: string;
  direction: MessageDirection;
}
export const RATE_LIMIT_MESSAGES_FIELDS: RateLimitMessagesFields = {
  calls: String(RATE_LIMIT_MESSAGES_DEFAULTS.calls),
  renewalPeriod: String(RATE_LIMIT_MESSAGES_DEFAULTS.renewalPeriod),
  direction: RATE_LIMIT_MESSAGES_DEFAULTS.direction,
};

export function buildRateLimitMessages(f: RateLimitMessagesFields): Built<"calls" | "renewalPeriod"> {
  const errors: Errors<"calls" | "renewalPeriod"> = {};
  const calls = collect(errors, "calls", parseWholeNumber(f.calls));
  const renewalPeriod = collect(errors, "renewalPeriod", parseWholeNumber(f.renewalPeriod));
  return done(errors, () => rateLimitMessagesXml({ calls, renewalPeriod, direction: f.direction }));
}

export interface SecondsFields {
  seconds: string;
}
export const IDLE_TIMEOUT_FIELDS: SecondsFields = { seconds: String(IDLE_TIMEOUT_DEFAULTS.seconds) };
export const MAX_CONNECTION_DURATION_FIELDS: SecondsFields = { seconds: String(MAX_CONNECTION_DURATION_DEFAULTS.seconds) };

export function buildIdleTimeout(f: SecondsFields): Built<"seconds"> {
  const errors: Errors<"seconds"> = {};
  const seconds = collect(errors, "seconds", parseWholeNumber(f.seconds));
  return done(errors, () => idleTimeoutXml({ seconds }));
}

export function buildMaxConnectionDuration(f: SecondsFields): Built<"seconds"> {
  const errors: Errors<"seconds"> = {};
  const seconds = collect(errors, "seconds", parseWholeNumber(f.seconds));
  return done(errors, () => maxConnectionDurationXml({ seconds }));
}
