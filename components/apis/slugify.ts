/**
 * The API name the portal proposes for a display name: lower case ASCII letters and digits
 * joined by single '-', as `apiIdSchema` accepts ("Chat v2 (beta)" → "chat-v2-beta").
 */
export function slugify(displayName: string): string {
  return displayName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}
