import { defineCommand } from "../command";
import { parseResponse, resourceSchema } from "../http-client";
import { parseList } from "../option-values";
import { segment } from "../show-resource";

export const apisCreate = defineCommand({
  words: ["apis", "create"],
  summary: "Create a WebSocket API, or replace the one with this id (PUT /apis/{apiId}).",
  args: ["apiId"],
  options: {
    "display-name": { type: "string", valueName: "<text>", description: "Name shown in the portals", required: true },
    "service-url": { type: "string", valueName: "<url>", description: "Backend WebSocket URL (ws:// or wss://)", required: true },
    path: { type: "string", valueName: "<path>", description: "URL suffix under the gateway (e.g. chat/v1)", required: true },
    description: { type: "string", valueName: "<text>", description: "Description" },
    protocols: { type: "string", valueName: "<list>", description: "Schemes clients may use: ws, wss or ws,wss (default ws,wss)" },
    "no-subscription-required": { type: "boolean", description: "Let clients connect without a subscription key" },
  },
  notes: "Example:\n  portcullis apis create echo --display-name Echo --service-url wss://echo.example.com --path echo",
  async run(context, { args, options }) {
    const properties: Record<string, unknown> = {
      displayName: options["display-name"],
      serviceUrl: options["service-url"],
      path: options.path,
      subscriptionRequired: options["no-subscription-required"] !== true,
    };
    if (options.description !== undefined) properties.description = options.description;
    if (options.protocols !== undefined) properties.protocols = parseList(options.protocols, "--protocols");
    const path = `/apis/${segment(args.apiId)}`;
    const response = await context.client().request("PUT", path, { properties });
    const api = parseResponse(resourceSchema, response.body, `PUT ${path}`);
    context.out.line(`${response.status === 201 ? "Created" : "Replaced"} API ${api.name} (path ${String(api.properties.path)}).`);
  },
});

