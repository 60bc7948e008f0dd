import { describe, expect, it } from "vitest";
import { deploymentCommand } from "@/components/gateways/deployment-command";

describe("the Deployment tab's command", () => {
  it("fills in the portal URL, the token and the gateway id, quoted for a shell", () => {
    expect(deploymentCommand({ portalUrl: "https://portal.example.com", gatewayId: "edge-1", token: "GatewayKey edge-1&202612311530&ab+c/d==" })).toBe(
      [
        "PORTCULLIS_CONFIG_URL='https://portal.example.com' \\",
        "  PORTCULLIS_GATEWAY_TOKEN='GatewayKey edge-1&202612311530&ab+c/d==' \\",
        "  GATEWAY_ID='edge-1' \\",
        "  GATEWAY_PORT=8080 \\",
        "  GATEWAY_ADMIN_PORT=9090 \\",
        "  npm run gateway",
      ].join("\n"),
    );
  });

  it("shows a placeholder until a token is generated", () => {
    expect(deploymentCommand({ portalUrl: "http://localhost:3000", gatewayId: "g", token: null })).toContain("PORTCULLIS_GATEWAY_TOKEN='<generate a token above>'");
  });

  it("escapes a single quote so the shell sees the value unchanged", () => {
    expect(deploymentCommand({ portalUrl: "http://x/it's", gatewayId: "g", token: null })).toContain(`PORTCULLIS_CONFIG_URL='http://x/it'"'"'s'`);
  });
});
