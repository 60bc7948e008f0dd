import { defineCommand } from "../command";
import { segment, showResource } from "../show-resource";

export const productsShow = defineCommand({
  words: ["products", "show"],
  summary: "Show one product and the APIs it contains.",
  args: ["productId"],
  options: {},
  json: true,
  async run(context, { args }) {
    const client = context.client();
    const product = await client.getResource(`/products/${segment(args.productId)}`);
    if (context.json) return context.out.json(product);
    const apis = await client.listResources(`/products/${segment(args.productId)}/apis`);
    showResource(context, product, [["apis", apis.map((a) => a.name)]]);
  },
});
