/**
 * Which relay moves a connection's bytes after the 101: the native relay (an epoll thread in
 * gateway/relay-native) when it loads, else the JS Tunnel. TLS sockets always stay on the JS
 * relay (their bytes are decrypted in Node).
 */
import type { Socket } from "node:net";
import { log } from "../log";
import { loadNativeRelay } from "../relay-native/load";
import { NativeRelay } from "./native-relay";
import type { RelayedConnection, TrafficCounters, TunnelOptions } from "./relay-types";
import { Tunnel } from "./tunnel";

export type RelayKind = "native" | "js";

/** The process's native relay: undefined until first asked for, null when it cannot load. */
let native: NativeRelay | null | undefined;
let nativeError = "";
/** The relay new connections use (selectRelay sets it). */
let active: NativeRelay | null = null;

/** The native relay (started on first use), or null with the reason in `nativeRelayError()`. */
export function nativeRelay(): NativeRelay | null {
  if (native === undefined) {
    const loaded = loadNativeRelay();
    if ("error" in loaded) {
      native = null;
      nativeError = loaded.error;
    } else {
      native = new NativeRelay(loaded.binding);
    }
  }
  return native;
}

/** Why the native relay could not be loaded ("" when it could or was not tried). */
export function nativeRelayError(): string {
  return nativeError;
}

/**
 * Chooses the relay for this process (GATEWAY_RELAY): `js` forces the JS relay, `native` requires
 * the addon (an error when it cannot load), unset uses the addon when it loads and says once
 * in the log when it does not.
 */
export function selectRelay(requested: RelayKind | undefined): RelayKind {
  if (requested === "js") {
    active = null;
    return "js";
  }
  const wasTried = native !== undefined;
  const relay = nativeRelay();
  if (relay === null) {
    if (requested === "native") throw new Error(`GATEWAY_RELAY=native, but the native relay cannot be loaded: ${nativeError}`);
    if (!wasTried) log.warn("native relay unavailable, using the JS relay", { reason: nativeError });
    active = null;
    return "js";
  }
  active = relay;
  return "native";
}

/** A relayed connection for two sockets whose handshakes are done, on the selected relay. */
export function createTunnel(
  client: Socket,
  backend: Socket,
  counters: TrafficCounters,
  options: TunnelOptions,
  onEnd: (t: RelayedConnection) => void,
): RelayedConnection {
  if (active !== null && active.canRelay(client, backend)) return active.create(client, backend, counters, options, onEnd);
  return new Tunnel(client, backend, counters, options, onEnd);
}
