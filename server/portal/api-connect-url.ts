import type { ApiProtocol } from "@/db/schema/index";
import type { PublicGateway } from "@/server/env";

/** One URL a client may connect to an API at. */
export interface ApiConnectUrl {
  protocol: ApiProtocol;
  /** `ws://gateway.example.com:8080/chat` */
  url: string;
}

/** The schemes some gateway answers (`PORTCULLIS_PUBLIC_GATEWAY_URL`'s, and wss with a TLS front end). */
export function servedProtocols(gateway: PublicGateway): ApiProtocol[] {
  return (["ws", "wss"] as const).filter((protocol) => gateway[protocol] !== null);
}

/**
 * Where clients connect to an API: a gateway base URL + `/` + the API's path, once per scheme
 * the API accepts *and* a gateway serves (a URL nobody answers is never published). The scheme
 * of `PORTCULLIS_PUBLIC_GATEWAY_URL` comes first. Empty when the API accepts only schemes no
 * gateway serves.
 */
export function apiConnectUrls(gateway: PublicGateway, path: string, protocols: readonly ApiProtocol[]): ApiConnectUrl[] {
  const own: ApiProtocol = gateway.primary.startsWith("wss:") ? "wss" : "ws";
  const ordered = [...protocols].sort((a, b) => Number(b === own) - Number(a === own));
  return ordered.flatMap((protocol) => {
    const base = gateway[protocol];
    return base === null ? [] : [{ protocol, url: `${base}/${path}` }];
  });
}

/** The URL the portal shows first, or null when no gateway serves a scheme the API accepts. */
export function primaryConnectUrl(gateway: PublicGateway, path: string, protocols: readonly ApiProtocol[]): string | null {
  return apiConnectUrls(gateway, path, protocols)[0]?.url ?? null;
}
