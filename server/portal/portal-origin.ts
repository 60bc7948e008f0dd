import { headers } from "next/headers";

/** The portal's origin as the browser reached it (behind a proxy: X-Forwarded-Host/-Proto), for copy-paste commands. */
export async function portalOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
