/**
 * Where to go after signing in: only a path on this portal, never another site (an open
 * redirect would let a phishing link bounce through the sign-in page).
 */
export function safeCallbackUrl(value: string | string[] | undefined, fallback = "/admin"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  // Paths only: an absolute URL smuggled past the checks above resolves to another origin.
  const resolved = new URL(raw, "http://portal.invalid");
  if (resolved.origin !== "http://portal.invalid") return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}
