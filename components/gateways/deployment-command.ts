/** What the Deployment tab's command is made of. */
export interface DeploymentCommandInput {
  /** The portal's origin as the gateway will reach it (`https://portal.example.com`). */
  portalUrl: string;
  gatewayId: string;
  /** The generated token, or null before one is generated (a placeholder is shown). */
  token: string | null;
  port?: number;
  adminPort?: number;
}

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}

/**
 * The command that runs a self-hosted gateway from a checkout of Portcullis (DESIGN.md §6):
 * the portal's URL, the token and the gateway id filled in.
 */
export function deploymentCommand({ portalUrl, gatewayId, token, port = 8080, adminPort = 9090 }: DeploymentCommandInput): string {
  return [
    `PORTCULLIS_CONFIG_URL=${shellQuote(portalUrl)}`,
    `PORTCULLIS_GATEWAY_TOKEN=${token === null ? "'<generate a token above>'" : shellQuote(token)}`,
    `GATEWAY_ID=${shellQuote(gatewayId)}`,
    `GATEWAY_PORT=${port}`,
    `GATEWAY_ADMIN_PORT=${adminPort}`,
    "npm run gateway",
  ].join(" \\\n  ");
}
