import type { ApiProtocol } from "@/db/schema/index";

/** One URL a client may connect to an API at. */
export interface ApiConnectUrl {
  protocol: ApiProtocol;
  /** `ws://gateway.example.com:8080/chat` */
  url: string;
}

/**
 * Where clients connect to an API: the public gateway URL + `/` + the API's path, once per
 * scheme the API accepts. The gateway's own scheme comes first when the API accepts it (that
 * is the URL that works as configured); a scheme it does not serve is the same host with the
 * other scheme (a TLS-terminating proxy in front of the gateway, say).
 */
export function apiConnectUrls(publicGatewayUrl: string, path: string, protocols: readonly ApiProtocol[]): ApiConnectUrl[] {
  const base = publicGatewayUrl.replace(/\/+$/, "");
  const own: ApiProtocol = base.startsWith("wss:") ? "wss" : "ws";
  const rest = base.replace(/^wss?:/, "");
  const ordered = [...protocols].sort((a, b) => Number(b === own) - Number(a === own));
  return ordered.map((protocol) => ({ protocol, url: `${protocol}:${rest}/${path}` }));
}

/** The URL the portal shows first: the gateway's own scheme when the API accepts it. */
export function primaryConnectUrl(publicGatewayUrl: string, path: string, protocols: readonly ApiProtocol[]): string {
  return apiConnectUrls(publicGatewayUrl, path, protocols)[0]?.url ?? `${publicGatewayUrl.replace(/\/+$/, "")}/${path}`;
}
