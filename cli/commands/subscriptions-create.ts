import { defineCommand } from "../command";
import { parseResponse, resourceSchema } from "../http-client";
import { segment } from "../show-resource";

export const subscriptionsCreate = defineCommand({
  words: ["subscriptions", "create"],
  summary: "Create a subscription, or replace the one with this id (PUT /subscriptions/{subscriptionId}).",
  args: ["subscriptionId"],
  options: {
    scope: { type: "string", valueName: "<scope>", description: "/apis (all APIs), /apis/{apiId} or /products/{productId}", required: true },
    "display-name": { type: "string", valueName: "<text>", description: "Name shown in the portals (default: the id)" },
    owner: { type: "string", valueName: "<userId>", description: "The user it belongs to (a user id or /users/{userId})" },
    state: { type: "string", valueName: "<state>", description: "submitted, active, suspended, … (default: as the product decides)" },
  },
  notes: "Example:\n  portcullis subscriptions create alice-starter --scope /products/starter --owner alice\n  portcullis subscriptions keys alice-starter",
  async run(context, { args, options }) {
    const properties: Record<string, unknown> = {
      scope: options.scope,
      displayName: options["display-name"] ?? args.subscriptionId,
    };
    if (options.owner !== undefined) properties.ownerId = options.owner.startsWith("/") ? options.owner : `/users/${options.owner}`;
    if (options.state !== undefined) properties.state = options.state;
    const path = `/subscriptions/${segment(args.subscriptionId)}`;
    const response = await context.client().request("PUT", path, { properties });
    const subscription = parseResponse(resourceSchema, response.body, `PUT ${path}`);
    context.out.line(
      `${response.status === 201 ? "Created" : "Replaced"} subscription ${subscription.name} ` +
        `(${String(subscription.properties.scope)}, ${String(subscription.properties.state)}).`,
    );
  },
});
