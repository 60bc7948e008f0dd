import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const productsDelete = defineCommand({
  words: ["products", "delete"],
  summary: "Delete a product.",
  args: ["productId"],
  options: {
    "delete-subscriptions": { type: "boolean", description: "Also delete the product's subscriptions" },
    "close-connections": { type: "boolean", description: "With --delete-subscriptions: also close their open connections (1008)" },
  },
  async run(context, { args, options }) {
    const params = new URLSearchParams();
    if (options["delete-subscriptions"]) params.set("deleteSubscriptions", "true");
    if (options["close-connections"]) params.set("closeConnections", "true");
    const query = params.size > 0 ? `?${params}` : "";
    const response = await context.client().request("DELETE", `/products/${segment(args.productId)}${query}`);
    context.out.line(response.status === 204 ? `No product ${args.productId}; nothing deleted.` : `Deleted product ${args.productId}.`);
  },
});
