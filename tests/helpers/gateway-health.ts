import type { GatewayProcess } from "./gateway-process";

/** One worker as a gateway with workers lists it in /healthz and /readyz. */
export interface WorkerHealth {
  worker: number;
  pid: number;
  ready: boolean;
  connections: number;
  configRevision: number | null;
}

/** The gateway's /healthz answer (admin port). */
export interface GatewayHealth {
  status: string;
  connections: number;
  configRevision: number | null;
  /** With GATEWAY_WORKERS > 1: each worker. */
  workers?: WorkerHealth[];
}

/** Reads /healthz from the gateway's admin listener. */
export async function gatewayHealth(gateway: GatewayProcess): Promise<GatewayHealth> {
  const response = await fetch(`http://127.0.0.1:${gateway.adminPort}/healthz`);
  return (await response.json()) as GatewayHealth;
}

/** Reads /readyz: its status code and body. */
export async function gatewayReadiness(gateway: GatewayProcess): Promise<{ status: number; body: GatewayHealth }> {
  const response = await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`);
  return { status: response.status, body: (await response.json()) as GatewayHealth };
}
