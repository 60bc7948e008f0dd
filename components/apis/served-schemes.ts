import type { ApiProtocol } from "@/db/schema/index";
import type { UrlScheme } from "./api-form-model";

/** The URL scheme a new API starts with: what the gateways serve (both only when both are served). */
export function defaultScheme(served: readonly ApiProtocol[]): UrlScheme {
  if (served.length === 1) return served[0]!;
  return "both";
}

/** The protocols a scheme choice accepts. */
export function schemeProtocols(scheme: UrlScheme): ApiProtocol[] {
  return scheme === "both" ? ["ws", "wss"] : [scheme];
}

/**
 * The warning for a scheme no gateway serves, or null: clients of an unserved scheme get a
 * refused connection or a TLS error, and the portal does not publish a URL for it.
 */
export function unservedSchemeWarning(scheme: UrlScheme, served: readonly ApiProtocol[]): string | null {
  const accepted = schemeProtocols(scheme);
  const unserved = accepted.filter((p) => !served.includes(p));
  if (unserved.length === 0) return null;
  const how =
    unserved[0] === "wss"
      ? "Give the gateway a certificate (GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE) or set PORTCULLIS_PUBLIC_GATEWAY_WSS_URL to a TLS front end."
      : "The gateway serves only wss:// (it has a certificate): set PORTCULLIS_PUBLIC_GATEWAY_URL to a ws:// address that reaches it.";
  if (unserved.length === accepted.length) return `No gateway serves ${unserved[0]}://, so clients could not connect to this API. ${how}`;
  return `No gateway serves ${unserved[0]}://: the portal publishes only the ${served[0]}:// URL. ${how}`;
}
