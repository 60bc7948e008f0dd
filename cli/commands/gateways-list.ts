import { defineListCommand } from "../list-command";

/** "London office (London, United Kingdom)" from a gateway's locationData; "" without one. */
export function locationLabel(location: unknown): string {
  if (location === null || typeof location !== "object") return "";
  const { name, city, district, countryOrRegion } = location as Record<string, string | undefined>;
  const place = [district, city, countryOrRegion].filter(Boolean).join(", ");
  return place ? `${name ?? ""} (${place})` : (name ?? "");
}

export const gatewaysList = defineListCommand({
  noun: "gateways",
  summary: "List the gateways.",
  path: "/gateways",
  columns: [
    { header: "KIND", value: (g) => (g.properties.managed === true ? "managed" : "self-hosted") },
    { header: "LOCATION", value: (g) => locationLabel(g.properties.locationData) || "-" },
    { header: "LAST HEARTBEAT", value: (g) => (typeof g.properties.lastHeartbeatAt === "string" ? g.properties.lastHeartbeatAt : "never") },
  ],
  empty: "No gateways.",
});
