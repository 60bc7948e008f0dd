import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const productsAddApi = defineCommand({
  words: ["products", "add-api"],
  summary: "Add an API to a product (PUT /products/{productId}/apis/{apiId}).",
  args: ["productId", "apiId"],
  options: {},
  async run(context, { args }) {
    await context.client().request("PUT", `/products/${segment(args.productId)}/apis/${segment(args.apiId)}`);
    context.out.line(`Added API ${args.apiId} to product ${args.productId}.`);
  },
});
