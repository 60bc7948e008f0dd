/**
 * `<validate-jwt>`: APIM's JWT check at the handshake. The token comes from a header, a query
 * parameter or an expression; its signature is checked with `<issuer-signing-keys>` or the keys
 * of `<openid-config>` providers (fetched and cached by `ctx.services.jwt`); then its lifetime,
 * audience, issuer and required claims. Refusals use APIM's reasons and messages
 * (api-management-error-handling-policies: TokenNotPresent, TokenExpired, …, JwtInvalid).
 *
 * Beyond APIM, always: unsigned tokens (`alg: none`) are refused whatever require-signed-tokens
 * says, tokens over 16 KiB are refused unparsed, and a key verifies only its own algorithm family.
 */
import type { XmlAttribute, XmlElement, XmlText } from "./xml/xml-tree";
import {
  CONTINUE,
  definePolicy,
  type Decision,
  type Dynamic,
  type OpenIdKeys,
  type OpenIdKeySet,
  type PolicyContext,
  type PolicyReader,
  type Refusal,
} from "./policy";
import { decodeBase64, decodeBase64Url, decodeToken, MAX_TOKEN_CHARS, type DecodedToken, type DecodeProblem, type TokenClaims } from "./jwt/decode-token";
import { selectCandidates, verifySignature, type Candidate, type DocumentKey } from "./jwt/signing-keys";

/** A `<claim>` of `<required-claims>`. */
interface RequiredClaim {
  name: string;
  match: "all" | "any";
  separator: string | undefined;
  values: Dynamic<string>[];
}

type TokenSource = { from: "header"; name: Dynamic<string> } | { from: "query"; name: Dynamic<string> } | { from: "value"; value: Dynamic<string> };

export interface ValidateJwtConfig {
  source: TokenSource;
  status: Dynamic<number> | undefined;
  message: Dynamic<string> | undefined;
  requireExpirationTime: Dynamic<boolean> | undefined;
  requireScheme: Dynamic<string> | undefined;
  clockSkew: Dynamic<number> | undefined;
  outputTokenVariableName: string | undefined;
  openIdUrls: string[];
  keys: DocumentKey[];
  audiences: Dynamic<string>[] | null;
  issuers: Dynamic<string>[] | null;
  claims: RequiredClaim[];
  /** Tokens whose signature was already verified, so a reconnecting client costs no crypto. */
  verified: VerifiedTokens;
}

/** APIM's object for `output-token-variable-name` (its `Jwt` type), claims as string arrays. */
export interface Jwt {
  Id: string | null;
  Algorithm: string;
  Issuer: string | null;
  Subject: string | null;
  Type: string | null;
  Audiences: string[];
  IssuedAt: Date | null;
  NotBefore: Date | null;
  ExpirationTime: Date | null;
  Claims: Record<string, string[]>;
}

/** APIM's default messages: "<message from jwt library>. Access denied." for most reasons. */
export const MESSAGES = {
  notPresent: "JWT not present.",
  malformed: "Invalid JWT.",
  tooLarge: `Invalid JWT: longer than ${MAX_TOKEN_CHARS} characters.`,
  encrypted: "Invalid JWT: encrypted tokens (JWE) are not supported.",
  unsigned: "Invalid JWT: the token is not signed.",
  unsupportedAlgorithm: "Invalid JWT: the signing algorithm is not supported.",
  ambiguous: "Invalid JWT: more than one token in the request.",
  noExpiration: "Lifetime validation failed. The token has no expiration time.",
  badTime: "Lifetime validation failed. The token's 'exp' or 'nbf' is not a number.",
  notYetValid: "Lifetime validation failed. The token is not yet valid.",
  expired: "Lifetime validation failed. The token is expired. Access denied.",
  audience: "Audience validation failed. Access denied.",
  issuer: "Issuer validation failed. Access denied.",
  signature: "Signature validation failed. Access denied.",
  keyNotFound: "Signature validation failed. No signing key matches the token. Access denied.",
  keysUnavailable: "Signature validation failed. The signing keys could not be retrieved. Access denied.",
} as const;

const DECODE_PROBLEMS: Record<DecodeProblem, string> = {
  "too-large": MESSAGES.tooLarge,
  encrypted: MESSAGES.encrypted,
  malformed: MESSAGES.malformed,
  unsigned: MESSAGES.unsigned,
  "unsupported-algorithm": MESSAGES.unsupportedAlgorithm,
};

const TOKEN_SOURCES = ["header-name", "query-parameter-name", "token-value"] as const;
const MIN_SECRET_BYTES = 32;
const MIN_RSA_BITS = 2048;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export const validateJwt = definePolicy<ValidateJwtConfig>({
  name: "validate-jwt",
  sections: ["inbound"],

  parse(element, reader) {
    const a = reader.attributes(element, {
      "header-name": { type: "string", dynamic: true },
      "query-parameter-name": { type: "string", dynamic: true },
      "token-value": { type: "string", dynamic: true },
      "failed-validation-httpcode": { type: "integer", min: 100, max: 599, dynamic: true },
      "failed-validation-error-message": { type: "string", dynamic: true },
      "require-expiration-time": { type: "boolean", dynamic: true },
      "require-scheme": { type: "string", dynamic: true },
      "require-signed-tokens": { type: "boolean", dynamic: true },
      "clock-skew": { type: "integer", min: 0, max: 86400, dynamic: true },
      "output-token-variable-name": { type: "string" },
    });
    const attribute = (name: string): XmlAttribute | undefined => element.attributes.find((at) => at.name === name);

    const given = TOKEN_SOURCES.filter((name) => attribute(name) !== undefined);
    if (given.length === 0) reader.error(element, "<validate-jwt> needs one of 'header-name', 'query-parameter-name' or 'token-value'");
    for (const extra of given.slice(1)) {
      reader.error(attribute(extra)!, `<validate-jwt> takes only one of 'header-name', 'query-parameter-name' and 'token-value' ('${given[0]}' is already given)`);
    }
    const headerName = attribute("header-name")?.value;
    const scheme = attribute("require-scheme");
    if (scheme !== undefined && (given[0] !== "header-name" || (headerName !== undefined && !headerName.startsWith("@") && headerName.toLowerCase() !== "authorization"))) {
      reader.warning(scheme, "'require-scheme' applies to the Authorization header only: it is ignored here");
    }
    const signed = attribute("require-signed-tokens");
    if (signed !== undefined && signed.value.trim().toLowerCase() !== "true") {
      reader.warning(signed, "Portcullis always requires signed tokens: 'require-signed-tokens' other than true is ignored");
    }
    const output = a["output-token-variable-name"];
    if (output !== undefined && output.trim() === "") reader.error(attribute("output-token-variable-name")!, "'output-token-variable-name' of <validate-jwt> must not be empty");

    const config: ValidateJwtConfig = {
      source: tokenSource(a["header-name"], a["query-parameter-name"], a["token-value"]),
      status: a["failed-validation-httpcode"],
      message: a["failed-validation-error-message"],
      requireExpirationTime: a["require-expiration-time"],
      requireScheme: a["require-scheme"],
      clockSkew: a["clock-skew"],
      outputTokenVariableName: output,
      openIdUrls: [],
      keys: [],
      audiences: null,
      issuers: null,
      claims: [],
      verified: new VerifiedTokens(),
    };

    const seen = new Set<string>();
    for (const child of reader.children(element)) {
      if (child.name !== "openid-config" && seen.has(child.name)) {
        reader.error(child, `<${child.name}> appears twice in <validate-jwt>`);
        continue;
      }
      seen.add(child.name);
      switch (child.name) {
        case "openid-config": {
          const url = parseOpenIdConfig(child, reader);
          if (url !== null) config.openIdUrls.push(url);
          break;
        }
        case "issuer-signing-keys":
          config.keys = parseSigningKeys(child, reader);
          break;
        case "decryption-keys":
          reader.error(child, "<decryption-keys> is not supported: Portcullis does not decrypt encrypted tokens (JWE)");
          break;
        case "audiences":
          config.audiences = parseValues(child, "audience", reader);
          break;
        case "issuers":
          config.issuers = parseValues(child, "issuer", reader);
          break;
        case "required-claims":
          config.claims = parseRequiredClaims(child, reader);
          break;
        default:
          reader.error(
            child,
            `<validate-jwt> has no child <${child.name}> (known: openid-config, issuer-signing-keys, audiences, issuers, required-claims)`,
          );
      }
    }
    if (!seen.has("openid-config") && !seen.has("issuer-signing-keys")) {
      reader.warning(element, "<validate-jwt> has no signing keys (<openid-config> or <issuer-signing-keys>): every token will be refused");
    }
    return given.length === 1 ? config : null;
  },

  apply(config, ctx) {
    const token = extractToken(config, ctx);
    if (typeof token !== "string") return token;
    const decoded = decodeToken(token);
    if (typeof decoded === "string") return refuse(config, ctx, "JwtInvalid", DECODE_PROBLEMS[decoded]);
    const problem = checkClaims(config, ctx, decoded.claims);
    if (problem !== null) return problem;

    const cached = config.verified.get(token);
    if (cached !== undefined && stillCurrent(cached, ctx)) return accept(config, ctx, decoded, cached);
    return after(openIdKeys(config, ctx, undefined), (results) => verify(config, ctx, token, decoded, results, false));
  },
});

function tokenSource(header: Dynamic<string> | undefined, query: Dynamic<string> | undefined, value: Dynamic<string> | undefined): TokenSource {
  if (header !== undefined) return { from: "header", name: header };
  if (query !== undefined) return { from: "query", name: query };
  return { from: "value", value: value ?? (() => "") };
}

// ---- parse -------------------------------------------------------------------------------

function parseOpenIdConfig(element: XmlElement, reader: PolicyReader): string | null {
  const { url } = reader.attributes(element, { url: { type: "string", required: true } });
  if (reader.children(element).length > 0) reader.error(element, "<openid-config> takes no content");
  if (url === undefined) return null;
  const node = element.attributes.find((at) => at.name === "url")!;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL("invalid:");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    reader.error(node, `'url' of <openid-config> must be an http or https URL, not '${url}'`);
    return null;
  }
  if (parsed.protocol === "http:" && !LOOPBACK.test(parsed.hostname)) {
    reader.warning(node, "'url' of <openid-config> uses plain http: anyone on the network path could substitute the signing keys; use https");
  }
  return url;
}

function parseSigningKeys(element: XmlElement, reader: PolicyReader): DocumentKey[] {
  reader.attributes(element, {});
  const keys: DocumentKey[] = [];
  const children = reader.children(element);
  for (const child of children) {
    if (child.name !== "key") {
      reader.error(child, `<issuer-signing-keys> contains <key> elements, not <${child.name}>`);
      continue;
    }
    const key = parseKey(child, reader);
    if (key !== null) keys.push(key);
  }
  if (children.length === 0) reader.error(element, "<issuer-signing-keys> needs at least one <key>");
  return keys;
}

function parseKey(element: XmlElement, reader: PolicyReader): DocumentKey | null {
  const a = reader.attributes(element, {
    id: { type: "string" },
    "certificate-id": { type: "string" },
    n: { type: "string" },
    e: { type: "string" },
  });
  const at = (name: string) => element.attributes.find((x) => x.name === name)!;
  const text = rawText(element, reader);
  if (a["certificate-id"] !== undefined) {
    reader.error(at("certificate-id"), "'certificate-id' is not supported: Portcullis has no certificate store; give the RSA public key as 'n' and 'e'");
    return null;
  }
  if (a.n !== undefined || a.e !== undefined) {
    if (a.n === undefined || a.e === undefined) {
      reader.error(element, "<key> needs both 'n' (modulus) and 'e' (exponent)");
      return null;
    }
    if (text !== null && text.value !== "") {
      reader.error(text.node, "<key> holds either a Base64 key or 'n' and 'e', not both");
      return null;
    }
    const n = decodeBase64Url(a.n);
    if (n === null) {
      reader.error(at("n"), "'n' of <key> must be the RSA modulus in Base64url");
      return null;
    }
    if (significantBits(n) < MIN_RSA_BITS) {
      reader.error(at("n"), `'n' of <key> must be an RSA modulus of at least ${MIN_RSA_BITS} bits, not ${significantBits(n)}`);
      return null;
    }
    const e = decodeBase64Url(a.e);
    if (e === null || e.length > 8 || significantBits(e) < 2) {
      reader.error(at("e"), "'e' of <key> must be the RSA exponent in Base64url (usually 'AQAB')");
      return null;
    }
    return { kty: "RSA", id: a.id, n: a.n, e: a.e };
  }
  if (text === null || text.value === "") {
    reader.error(element, "<key> needs a Base64-encoded key as its text, or 'n' and 'e'");
    return null;
  }
  if (/^@[({]/.test(text.value)) {
    reader.error(text.node, "<key> does not accept a policy expression: keys are decoded once, when the policy loads");
    return null;
  }
  const secret = decodeBase64(text.value);
  if (secret === null) {
    reader.error(text.node, "<key> must be a Base64-encoded key");
    return null;
  }
  if (secret.length < MIN_SECRET_BYTES) {
    reader.error(text.node, `<key> must be at least ${MIN_SECRET_BYTES} bytes (256 bits) for HMAC signatures, not ${secret.length}`);
    return null;
  }
  return { kty: "oct", id: a.id, secret };
}

/** The element's text (trimmed) and the node to report it at; child elements are reported. */
function rawText(element: XmlElement, reader: PolicyReader): { value: string; node: XmlText } | null {
  let value = "";
  let node: XmlText | null = null;
  for (const child of element.children) {
    if (child.kind === "element") {
      reader.error(child, `<${element.name}> contains text, not elements`);
      return null;
    }
    node ??= child;
    value += child.value;
  }
  return node === null ? null : { value: value.trim(), node };
}

function parseValues(element: XmlElement, itemName: string, reader: PolicyReader): Dynamic<string>[] {
  reader.attributes(element, {});
  const values: Dynamic<string>[] = [];
  const children = reader.children(element);
  for (const child of children) {
    if (child.name !== itemName) {
      reader.error(child, `<${element.name}> contains <${itemName}> elements, not <${child.name}>`);
      continue;
    }
    const value = textValue(child, reader);
    if (value !== null) values.push(value);
  }
  if (children.length === 0) reader.error(element, `<${element.name}> needs at least one <${itemName}>`);
  return values;
}

function textValue(element: XmlElement, reader: PolicyReader): Dynamic<string> | null {
  reader.attributes(element, {});
  const hasElements = element.children.some((c) => c.kind === "element");
  const value = reader.text(element);
  if (value === null && !hasElements) reader.error(element, `<${element.name}> needs a value`);
  return value;
}

function parseRequiredClaims(element: XmlElement, reader: PolicyReader): RequiredClaim[] {
  reader.attributes(element, {});
  const claims: RequiredClaim[] = [];
  const children = reader.children(element);
  for (const child of children) {
    if (child.name !== "claim") {
      reader.error(child, `<required-claims> contains <claim> elements, not <${child.name}>`);
      continue;
    }
    const a = reader.attributes(child, {
      name: { type: "string", required: true },
      match: { type: "enum", values: ["all", "any"] },
      separator: { type: "string" },
    });
    if (a.separator === "") reader.error(child.attributes.find((x) => x.name === "separator")!, "'separator' of <claim> must not be empty");
    const values: Dynamic<string>[] = [];
    for (const item of reader.children(child)) {
      if (item.name !== "value") {
        reader.error(item, `<claim> contains <value> elements, not <${item.name}>`);
        continue;
      }
      const value = textValue(item, reader);
      if (value !== null) values.push(value);
    }
    if (a.name === undefined) continue;
    if (a.name.trim() === "") {
      reader.error(child.attributes.find((x) => x.name === "name")!, "'name' of <claim> must not be empty");
      continue;
    }
    claims.push({ name: a.name, match: (a.match as "all" | "any" | undefined) ?? "all", separator: a.separator || undefined, values });
  }
  if (children.length === 0) reader.error(element, "<required-claims> needs at least one <claim>");
  return claims;
}

function significantBits(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

// ---- apply -------------------------------------------------------------------------------

function refuse(config: ValidateJwtConfig, ctx: PolicyContext, reason: string, message: string): Refusal {
  const status = config.status?.(ctx);
  const custom = config.message?.(ctx);
  return {
    ok: false,
    status: status !== undefined && status >= 100 && status <= 599 ? status : 401,
    reason,
    message: custom ? custom : message,
    source: "validate-jwt",
  };
}

/** The token as the request carries it, or the refusal when it does not. */
function extractToken(config: ValidateJwtConfig, ctx: PolicyContext): string | Refusal {
  const source = config.source;
  let value: string;
  if (source.from === "value") {
    value = source.value(ctx).trim();
  } else {
    const name = source.name(ctx);
    const values = source.from === "header" ? ctx.request.headers.getAll(name) : ctx.request.url.query.getAll(name);
    // Two tokens would let the gateway and the backend each believe a different one.
    if (values.length > 1) return refuse(config, ctx, "JwtInvalid", MESSAGES.ambiguous);
    value = (values[0] ?? "").trim();
    if (source.from === "header" && name.toLowerCase() === "authorization" && value !== "") {
      const scheme = config.requireScheme?.(ctx);
      const space = value.search(/\s/);
      const given = space < 0 ? value : value.slice(0, space);
      if (scheme) {
        // A credential under another scheme (Basic …) is no JWT: the token is not present.
        value = space > 0 && given.toLowerCase() === scheme.toLowerCase() ? value.slice(space).trim() : "";
      } else if (space > 0 && given.toLowerCase() === "bearer") {
        value = value.slice(space).trim();
      }
    }
  }
  if (value === "") return refuse(config, ctx, "TokenNotPresent", MESSAGES.notPresent);
  return value;
}

/**
 * Lifetime, audience, required claims (and issuer, when no provider can add one) before any
 * signature work: cheap refusals for the common expired token. Nothing is accepted on these
 * unverified claims: acceptance still waits for the signature.
 */
function checkClaims(config: ValidateJwtConfig, ctx: PolicyContext, claims: TokenClaims): Refusal | null {
  const now = ctx.services.now() / 1000;
  const skew = Math.max(0, config.clockSkew?.(ctx) ?? 0);
  const exp = own(claims, "exp");
  const nbf = own(claims, "nbf");
  if ((exp !== undefined && !isNumericDate(exp)) || (nbf !== undefined && !isNumericDate(nbf))) return refuse(config, ctx, "JwtInvalid", MESSAGES.badTime);
  if (exp === undefined) {
    if (config.requireExpirationTime?.(ctx) ?? true) return refuse(config, ctx, "JwtInvalid", MESSAGES.noExpiration);
  } else if (now >= (exp as number) + skew) {
    return refuse(config, ctx, "TokenExpired", MESSAGES.expired);
  }
  if (nbf !== undefined && now + skew < (nbf as number)) return refuse(config, ctx, "JwtInvalid", MESSAGES.notYetValid);

  if (config.audiences !== null) {
    const aud = own(claims, "aud");
    const given = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((v): v is string => typeof v === "string") : [];
    if (!config.audiences.some((audience) => given.includes(audience(ctx)))) return refuse(config, ctx, "TokenAudienceNotAllowed", MESSAGES.audience);
  }
  if (config.openIdUrls.length === 0 && !issuerAllowed(config, ctx, claims, null)) return refuse(config, ctx, "TokenIssuerNotAllowed", MESSAGES.issuer);

  if (config.claims.length === 0) return null;
  const missing = config.claims.filter((claim) => own(claims, claim.name) == null).map((claim) => claim.name);
  if (missing.length > 0) {
    return refuse(config, ctx, "TokenClaimNotFound", `JWT token is missing the following claims: ${[...new Set(missing)].join(", ")}. Access denied.`);
  }
  for (const claim of config.claims) {
    if (claim.values.length === 0) continue;
    const given = claimValues(own(claims, claim.name), claim.separator);
    const wanted = claim.values.map((v) => v(ctx));
    const matches = claim.match === "all" ? wanted.every((w) => given.includes(w)) : wanted.some((w) => given.includes(w));
    if (!matches) {
      return refuse(config, ctx, "TokenClaimValueNotAllowed", `Claim ${claim.name} value of ${printable(given.join(", "))} is not allowed. Access denied.`);
    }
  }
  return null;
}

function issuerAllowed(config: ValidateJwtConfig, ctx: PolicyContext, claims: TokenClaims, providerIssuer: string | null): boolean {
  if (config.issuers === null && providerIssuer === null) return true;
  const iss = own(claims, "iss");
  if (typeof iss !== "string") return false;
  if (iss === providerIssuer) return true;
  return config.issuers !== null && config.issuers.some((issuer) => issuer(ctx) === iss);
}

/** Every provider's keys: synchronously when all are cached. */
function openIdKeys(config: ValidateJwtConfig, ctx: PolicyContext, missingKid: string | undefined): OpenIdKeys[] | Promise<OpenIdKeys[]> {
  const results: (OpenIdKeys | Promise<OpenIdKeys>)[] = [];
  let pending = false;
  for (const url of config.openIdUrls) {
    let result: OpenIdKeys | Promise<OpenIdKeys>;
    try {
      result = ctx.services.jwt.openIdKeys(url, missingKid);
    } catch (error) {
      result = { ok: false, error: String(error) };
    }
    if (result instanceof Promise) {
      pending = true;
      result = result.catch((error: unknown): OpenIdKeys => ({ ok: false, error: String(error) }));
    }
    results.push(result);
  }
  return pending ? Promise.all(results) : (results as OpenIdKeys[]);
}

function verify(
  config: ValidateJwtConfig,
  ctx: PolicyContext,
  token: string,
  decoded: DecodedToken,
  results: OpenIdKeys[],
  refetched: boolean,
): Decision | Promise<Decision> {
  const keySets: { url: string; keySet: OpenIdKeySet }[] = [];
  results.forEach((result, i) => {
    if (result.ok) keySets.push({ url: config.openIdUrls[i]!, keySet: result.keySet });
  });
  const candidates = selectCandidates(decoded.alg, decoded.kid, config.keys, keySets);
  const kid = decoded.kid;
  if (!refetched && kid !== undefined && config.openIdUrls.length > 0 && !candidates.some((c) => c.kid === kid)) {
    // An unknown kid may be a rotated key: the service refetches, at most once per interval.
    return after(openIdKeys(config, ctx, kid), (again) => verify(config, ctx, token, decoded, again, true));
  }
  if (candidates.length === 0) {
    const unavailable = results.some((r) => !r.ok);
    return refuse(config, ctx, "TokenSignatureKeyNotFound", unavailable ? MESSAGES.keysUnavailable : MESSAGES.keyNotFound);
  }
  return verifySignature(token, decoded.alg, candidates).then((winner) => {
    if (winner === null) return refuse(config, ctx, "TokenSignatureInvalid", MESSAGES.signature);
    config.verified.set(token, winner);
    return accept(config, ctx, decoded, winner);
  });
}

/** The signature is good: the provider's issuer, then the output variable. */
function accept(config: ValidateJwtConfig, ctx: PolicyContext, decoded: DecodedToken, by: Pick<Candidate, "from">): Decision {
  if (config.openIdUrls.length > 0 && !issuerAllowed(config, ctx, decoded.claims, by.from?.keySet.issuer ?? null)) {
    return refuse(config, ctx, "TokenIssuerNotAllowed", MESSAGES.issuer);
  }
  if (config.outputTokenVariableName !== undefined) ctx.variables.set(config.outputTokenVariableName, toJwt(decoded));
  return CONTINUE;
}

/** A cached verification holds while the provider still serves the key set that verified it. */
function stillCurrent(entry: Pick<Candidate, "from">, ctx: PolicyContext): boolean {
  if (entry.from === null) return true;
  const now = ctx.services.jwt.openIdKeys(entry.from.url);
  return !(now instanceof Promise) && now.ok && now.keySet === entry.from.keySet;
}

function toJwt(decoded: DecodedToken): Jwt {
  const c = decoded.claims;
  const text = (name: string) => (typeof own(c, name) === "string" ? (own(c, name) as string) : null);
  const date = (name: string) => (isNumericDate(own(c, name)) ? new Date((own(c, name) as number) * 1000) : null);
  const aud = own(c, "aud");
  const claims: Record<string, string[]> = {};
  for (const name of Object.keys(c)) claims[name] = claimValues(c[name], undefined);
  return {
    Id: text("jti"),
    Algorithm: decoded.alg,
    Issuer: text("iss"),
    Subject: text("sub"),
    Type: decoded.typ ?? null,
    Audiences: typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((v): v is string => typeof v === "string") : [],
    IssuedAt: date("iat"),
    NotBefore: date("nbf"),
    ExpirationTime: date("exp"),
    Claims: claims,
  };
}

/** A claim's values as strings: arrays element by element, a separator splitting strings. */
function claimValues(value: unknown, separator: string | undefined): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item === null || item === undefined) continue;
    const text = typeof item === "string" ? item : typeof item === "object" ? JSON.stringify(item) : String(item);
    if (separator === undefined) out.push(text);
    else for (const part of text.split(separator)) out.push(part.trim());
  }
  return out;
}

/** A claim of the token's own (never one inherited from Object.prototype, like "constructor"). */
function own(claims: TokenClaims, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A caller-supplied value as it may appear in a message (and the log): printable, bounded. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}

function after<T, R>(value: T | Promise<T>, next: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Tokens already verified, most recent last; bounded so hostile traffic cannot grow it. */
class VerifiedTokens {
  private static readonly CAPACITY = 128;
  private static readonly MAX_TOKEN_CHARS = 4096;
  private readonly entries = new Map<string, Pick<Candidate, "from">>();

  get(token: string): Pick<Candidate, "from"> | undefined {
    const entry = this.entries.get(token);
    if (entry !== undefined) {
      this.entries.delete(token);
      this.entries.set(token, entry);
    }
    return entry;
  }

  set(token: string, by: Candidate): void {
    if (token.length > VerifiedTokens.MAX_TOKEN_CHARS) return;
    this.entries.delete(token);
    this.entries.set(token, { from: by.from });
    if (this.entries.size > VerifiedTokens.CAPACITY) this.entries.delete(this.entries.keys().next().value!);
  }
}
