import type { GatewayContract } from "@/server/gateways/gateway.schemas";

/** "London office (Westminster, London, United Kingdom)": a location in one line. */
export function locationText(location: NonNullable<GatewayContract["properties"]["locationData"]>): string {
  const place = [location.district, location.city, location.countryOrRegion].filter((part) => part && part.trim() !== "").join(", ");
  return place ? `${location.name} (${place})` : location.name;
}
