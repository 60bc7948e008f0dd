import { headers } from "next/headers";
import { forwardedHost, requestProto } from "@/server/http/forwarded-headers";

/** The portal's origin as the browser reached it (behind a trusted proxy: its X-Forwarded-Host/-Proto), for copy-paste commands. */
export async function portalOrigin(): Promise<string> {
  const h = await headers();
  const host = forwardedHost(h) ?? h.get("host") ?? "localhost:3000";
  return `${requestProto(h)}://${host}`;
}
