import { randomUUID } from "node:crypto";
import type { GatewayEnv } from "../config/env";
import type { GatewaySeams } from "../gateway";
import { ConfigCache } from "./config-cache";
import { PortalClient } from "./portal-client";
import { configResponseSchema } from "./protocol";
import type { RemoteSettings } from "./remote-env";
import { RemoteConfigSource } from "./remote-config-source";
import { RemoteTelemetrySink } from "./remote-telemetry-sink";

/**
 * A self-hosted gateway's seams (DESIGN §6): configuration from the portal's gateway API with
 * the cache file behind it, telemetry to the same API. No database file, no secrets file.
 */
export function createRemoteSeams(env: GatewayEnv, remote: RemoteSettings, workers = 1): GatewaySeams {
  const client = new PortalClient(remote.configUrl, remote.token);
  return {
    config: new RemoteConfigSource({
      gatewayId: remote.gatewayId,
      client,
      cache: new ConfigCache(remote.cacheFile, configResponseSchema),
    }),
    telemetry: new RemoteTelemetrySink({
      client,
      // One per process start: the portal lists instances by it.
      instanceId: randomUUID(),
      maxQueue: env.GATEWAY_LOG_QUEUE_MAX,
      flushMs: env.GATEWAY_LOG_FLUSH_MS,
      workers,
      enabled: env.GATEWAY_TELEMETRY === "on",
    }),
  };
}
