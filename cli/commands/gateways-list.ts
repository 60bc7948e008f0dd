import { defineCommand } from "../command";
import { displayValue } from "../output";

/** "London office (London, United Kingdom)" from a gateway's locationData; "" without one. */
export function locationLabel(location: unknown): string {
  if (location === null || typeof location !== "object") return "";
  const { name, city, district, countryOrRegion } = location as Record<string, string | undefined>;
  const place = [district, city, countryOrRegion].filter(Boolean).join(", ");
  return place ? `${name ?? ""} (${place})` : (name ?? "");
}

export const gatewaysList = defineCommand({
  words: ["gateways", "list"],
  summary: "List the gateways.",
  args: [],
  options: {},
  json: true,
  async run(context) {
    const gateways = await context.client().listResources("/gateways");
    if (context.json) return context.out.json(gateways);
    context.out.table(
      gateways,
      [
        { header: "NAME", value: (g) => g.name },
        { header: "DISPLAY NAME", value: (g) => displayValue(g.properties.displayName) },
        { header: "KIND", value: (g) => (g.properties.managed === true ? "managed" : "self-hosted") },
        { header: "LOCATION", value: (g) => locationLabel(g.properties.locationData) || "-" },
        { header: "LAST HEARTBEAT", value: (g) => (typeof g.properties.lastHeartbeatAt === "string" ? g.properties.lastHeartbeatAt : "never") },
      ],
      "No gateways.",
    );
  },
});
