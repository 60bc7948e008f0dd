/**
 * Audit entries must never hold a usable secret. Fields whose name ends in key, password,
 * secret, token or hash are replaced, and so are the secret-bearing parts of a policy
 * document (attributes named *password* or *secret*, `<key>` elements of validate-jwt).
 */

export const REDACTED = "[redacted]";

const SECRET_FIELD = /(key|password|secret|token|hash)$/i;
const SECRET_ATTRIBUTE = /(\s[\w:.-]*(?:password|secret)[\w:.-]*\s*=\s*)("[^"]*"|'[^']*')/gi;
const KEY_ELEMENT = /(<key(?:\s[^>]*)?>)[\s\S]*?(<\/key\s*>)/gi;

/** A copy of `value` with secrets replaced by "[redacted]". */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === "string") return redactPolicyText(value);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = SECRET_FIELD.test(name) && field !== null && field !== undefined ? REDACTED : redactSecrets(field);
  }
  return out;
}

function redactPolicyText(text: string): string {
  if (!text.includes("<")) return text;
  return text.replace(SECRET_ATTRIBUTE, `$1"${REDACTED}"`).replace(KEY_ELEMENT, `$1${REDACTED}$2`);
}
