import type { Dynamic, PolicyReader } from "../policy";
import type { XmlAttribute, XmlElement, XmlText } from "../xml/xml-tree";
import { decodeBase64, decodeBase64Url } from "./decode-token";
import type { DocumentKey } from "./signing-keys";
import type { RequiredClaim, TokenSource, ValidateJwtConfig } from "./validate-jwt-config";
import { VerifiedTokens } from "./verified-tokens";

const TOKEN_SOURCES = ["header-name", "query-parameter-name", "token-value"] as const;

const MIN_SECRET_BYTES = 32;

const MIN_RSA_BITS = 2048;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Reads `<validate-jwt>`: the token source, the checks and the signing keys, each error reported at its node. */
export function parseValidateJwt(element: XmlElement, reader: PolicyReader): ValidateJwtConfig | null {
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
}

function tokenSource(header: Dynamic<string> | undefined, query: Dynamic<string> | undefined, value: Dynamic<string> | undefined): TokenSource {
  if (header !== undefined) return { from: "header", name: header };
  if (query !== undefined) return { from: "query", name: query };
  return { from: "value", value: value ?? (() => "") };
}

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
    for (const item of reader.childrenNamed(child, "value")) {
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
