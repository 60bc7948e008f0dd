import type { ConfigStore } from "../config/config-store";
import type { PolicyServices } from "../policies/policy";
import type { GatewayMetrics } from "../telemetry/metrics";
import type { TelemetrySink } from "../telemetry/telemetry-sink";
import type { RelayedConnection } from "../tunnel/relay-types";
import type { TunnelSweep } from "../tunnel/tunnel-sweep";

/**
 * What the upgrade handler needs from the running gateway. Named `gateway` where it is passed,
 * so that "context" is left to the one per handshake the policies see (`PolicyContext`).
 */
export interface HandshakeContext {
  gatewayId: string;
  config: ConfigStore;
  metrics: GatewayMetrics;
  /** Where log rows go: queued, never waited on. */
  telemetry: Pick<TelemetrySink, "pushLog">;
  tunnels: Set<RelayedConnection>;
  /** Enforces the tunnels' idle timeouts and maximum durations. */
  sweep: TunnelSweep;
  limits: { maxConnections: number; backendTimeoutMs: number; closeTimeoutMs: number };
  backendCa?: string[];
  /** Connections between request and decision, counted against maxConnections. */
  pending: { count: number };
  isDraining: () => boolean;
  /** Clock, counters and signing keys the policies use. */
  policyServices: PolicyServices;
}
