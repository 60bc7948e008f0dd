import { UsageError } from "../cli-errors";
import { defineCommand } from "../command";
import { parseResponse, resourceSchema } from "../http-client";
import { segment } from "../show-resource";

export const gatewaysCreate = defineCommand({
  words: ["gateways", "create"],
  summary: "Create a self-hosted gateway, or replace the one with this id (PUT /gateways/{gatewayId}).",
  args: ["gatewayId"],
  options: {
    "display-name": { type: "string", valueName: "<text>", description: "Name shown in the portal (default: the location's name, or the id)" },
    description: { type: "string", valueName: "<text>", description: "Description" },
    location: { type: "string", valueName: "<name>", description: "The location's name (APIM's locationData.name)" },
    city: { type: "string", valueName: "<city>", description: "The location's city" },
    district: { type: "string", valueName: "<district>", description: "The location's district, state or province" },
    country: { type: "string", valueName: "<country>", description: "The location's country or region" },
  },
  notes: [
    "Example:",
    "  portcullis gateways create london --location 'London office' --city London --country 'United Kingdom'",
    "  portcullis gateways token london --expiry 30d",
  ].join("\n"),
  async run(context, { args, options }) {
    const properties: Record<string, unknown> = {};
    if (options["display-name"] !== undefined) properties.displayName = options["display-name"];
    if (options.description !== undefined) properties.description = options.description;
    const parts = { city: options.city, district: options.district, countryOrRegion: options.country };
    if (options.location === undefined && Object.values(parts).some((v) => v !== undefined)) {
      throw new UsageError("--city, --district and --country need --location (the location's name).");
    }
    if (options.location !== undefined) {
      properties.locationData = { name: options.location, ...Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined)) };
    }
    const path = `/gateways/${segment(args.gatewayId)}`;
    const response = await context.client().request("PUT", path, { properties });
    const gateway = parseResponse(resourceSchema, response.body, `PUT ${path}`);
    context.out.line(`${response.status === 201 ? "Created" : "Replaced"} gateway ${gateway.name}.`);
  },
});
