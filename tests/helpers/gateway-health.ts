import type { GatewayProcess } from "./gateway-process";

/** The gateway's /healthz answer (admin port). */
export interface GatewayHealth {
  status: string;
  connections: number;
  configRevision: number | null;
}

/** Reads /healthz from the gateway's admin listener. */
export async function gatewayHealth(gateway: GatewayProcess): Promise<GatewayHealth> {
  const response = await fetch(`http://127.0.0.1:${gateway.adminPort}/healthz`);
  return (await response.json()) as GatewayHealth;
}
