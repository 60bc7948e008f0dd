import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const productsRemoveApi = defineCommand({
  words: ["products", "remove-api"],
  summary: "Remove an API from a product.",
  args: ["productId", "apiId"],
  options: {},
  async run(context, { args }) {
    const response = await context.client().request("DELETE", `/products/${segment(args.productId)}/apis/${segment(args.apiId)}`);
    context.out.line(
      response.status === 204
        ? `API ${args.apiId} was not in product ${args.productId}; nothing removed.`
        : `Removed API ${args.apiId} from product ${args.productId}.`,
    );
  },
});
