import { defineCommand } from "../command";
import { parseResponse, resourceSchema } from "../http-client";
import { parseLimit } from "../option-values";
import { segment } from "../show-resource";

export const productsCreate = defineCommand({
  words: ["products", "create"],
  summary: "Create a product, or replace the one with this id (PUT /products/{productId}).",
  args: ["productId"],
  options: {
    "display-name": { type: "string", valueName: "<text>", description: "Name shown in the portals", required: true },
    description: { type: "string", valueName: "<text>", description: "Description" },
    state: { type: "string", valueName: "<state>", description: "published or notPublished (default notPublished)" },
    "no-subscription-required": { type: "boolean", description: "Its APIs can be called without a subscription" },
    "approval-required": { type: "boolean", description: "An administrator approves each subscription" },
    "subscriptions-limit": { type: "string", valueName: "<n>", description: "Subscriptions one user may hold (default unlimited)" },
  },
  notes: "Example:\n  portcullis products create starter --display-name Starter --state published\n  portcullis products add-api starter echo",
  async run(context, { args, options }) {
    const properties: Record<string, unknown> = {
      displayName: options["display-name"],
      subscriptionRequired: options["no-subscription-required"] !== true,
      approvalRequired: options["approval-required"] === true,
    };
    if (options.description !== undefined) properties.description = options.description;
    if (options.state !== undefined) properties.state = options.state;
    if (options["subscriptions-limit"] !== undefined) {
      properties.subscriptionsLimit = parseLimit(options["subscriptions-limit"], "--subscriptions-limit");
    }
    const path = `/products/${segment(args.productId)}`;
    const response = await context.client().request("PUT", path, { properties });
    const product = parseResponse(resourceSchema, response.body, `PUT ${path}`);
    context.out.line(`${response.status === 201 ? "Created" : "Replaced"} product ${product.name} (${String(product.properties.state)}).`);
  },
});
