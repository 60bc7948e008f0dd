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
import { CONTINUE, definePolicy, type Decision, type OpenIdKeys, type OpenIdKeySet, type PolicyContext, type Refusal } from "./policy";
import { checkClaims, issuerAllowed, toJwt } from "./jwt/check-claims";
import { decodeToken, type DecodedToken, type DecodeProblem } from "./jwt/decode-token";
import { parseValidateJwt } from "./jwt/parse-validate-jwt";
import { selectCandidates, verifySignature, type Candidate } from "./jwt/signing-keys";
import { MESSAGES, refuse, type ValidateJwtConfig } from "./jwt/validate-jwt-config";

const DECODE_PROBLEMS: Record<DecodeProblem, string> = {
  "too-large": MESSAGES.tooLarge,
  encrypted: MESSAGES.encrypted,
  malformed: MESSAGES.malformed,
  unsigned: MESSAGES.unsigned,
  "unsupported-algorithm": MESSAGES.unsupportedAlgorithm,
};

/** The `<validate-jwt>` policy. */
export const validateJwt = definePolicy<ValidateJwtConfig>({
  name: "validate-jwt",
  sections: ["inbound"],

  parse: parseValidateJwt,

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

function after<T, R>(value: T | Promise<T>, next: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
