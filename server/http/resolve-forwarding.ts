import { parseCallerAddress, type IpAddress } from "@/gateway/policies/ip/ip-address";
import { isTrustedProxy, type TrustedProxies } from "./trusted-proxies";

/** Who sent a portal request and where it was addressed, as far as the portal can believe it. */
export interface ForwardingView {
  /** The client's address: the socket's, or the nearest untrusted hop of X-Forwarded-For. */
  clientAddress: string;
  /** The host the client addressed, from a trusted proxy's X-Forwarded-Host; null: use Host. */
  forwardedHost: string | null;
  /** https when the socket is TLS or a trusted proxy says so. */
  proto: "http" | "https";
}

/** The raw request as the portal's HTTP server sees it. */
export interface RawRequest {
  /** `socket.remoteAddress`; undefined once the socket is gone. */
  peer: string | undefined;
  /** `socket.encrypted`. */
  encrypted: boolean;
  headers: Record<string, string | string[] | undefined>;
}

/** The address the portal uses when the socket no longer knows its peer. */
export const UNKNOWN_CLIENT = "unknown";

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Forwarding headers are believed only from a trusted proxy: without one, anyone can write
 * `X-Forwarded-For: <fresh address>` and start every per-address limit over. The walk goes
 * from the right (the hop the trusted peer itself appended) leftwards while the hops are
 * trusted proxies too, and stops at the first one that is not: that is the client. Hops to
 * its left were written by the client and mean nothing. Host and proto are taken from the
 * outermost trusted proxy's entry (proxies that append put theirs on the right).
 */
export function resolveForwarding(request: RawRequest, trusted: TrustedProxies): ForwardingView {
  const socketProto = request.encrypted ? "https" : "http";
  const peer = request.peer === undefined ? undefined : parseHop(request.peer);
  if (peer === undefined) return { clientAddress: UNKNOWN_CLIENT, forwardedHost: null, proto: socketProto };
  if (!isTrustedProxy(trusted, peer.address)) return { clientAddress: peer.text, forwardedHost: null, proto: socketProto };

  let client = peer.text;
  let trustedHops = 1;
  const hops = listOf(request.headers["x-forwarded-for"]);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseHop(hops[i]!);
    // A trusted proxy writes addresses; anything else means the chain cannot be read further,
    // so the last trusted hop stands for the client (the safe side for a limit).
    if (hop === undefined) break;
    client = hop.text;
    if (!isTrustedProxy(trusted, hop.address)) break;
    trustedHops++;
  }

  const hosts = listOf(request.headers["x-forwarded-host"]);
  const host = hosts[Math.max(0, hosts.length - trustedHops)];
  const protos = listOf(request.headers["x-forwarded-proto"]);
  const proto = protos[Math.max(0, protos.length - trustedHops)]?.toLowerCase();
  return {
    clientAddress: client,
    forwardedHost: host !== undefined && HOST.test(host) ? host.toLowerCase() : null,
    proto: proto === "https" || proto === "http" ? proto : socketProto,
  };
}

/** A comma-separated header (or several of them) as trimmed, non-empty entries. */
function listOf(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * One X-Forwarded-For entry (or the socket's address) as an address and the text the portal
 * keys limits by. Some proxies add a port (`203.0.113.7:4711`, `[2001:db8::7]:4711`); an
 * IPv4-mapped IPv6 address is written as plain IPv4, so one client is one key whichever way
 * the socket saw it.
 */
function parseHop(text: string): { address: IpAddress; text: string } | undefined {
  let candidate = text;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(candidate)) candidate = candidate.slice(0, candidate.indexOf(":"));
  const parsed = parseCallerAddress(candidate);
  if (!parsed.ok) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(candidate);
  return { address: parsed.address, text: mapped ? mapped[1]! : candidate.toLowerCase() };
}
