import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const productsDelete = defineCommand({
  words: ["products", "delete"],
  summary: "Delete a product.",
  args: ["productId"],
  options: {
    "delete-subscriptions": { type: "boolean", description: "Also delete the product's subscriptions" },
  },
  async run(context, { args, options }) {
    const query = options["delete-subscriptions"] ? "?deleteSubscriptions=true" : "";
    const response = await context.client().request("DELETE", `/products/${segment(args.productId)}${query}`);
    context.out.line(response.status === 204 ? `No product ${args.productId}; nothing deleted.` : `Deleted product ${args.productId}.`);
  },
});
