import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const gatewaysDelete = defineCommand({
  words: ["gateways", "delete"],
  summary: "Delete a self-hosted gateway (its tokens stop working).",
  args: ["gatewayId"],
  options: {},
  async run(context, { args }) {
    const response = await context.client().request("DELETE", `/gateways/${segment(args.gatewayId)}`);
    context.out.line(response.status === 204 ? `No gateway ${args.gatewayId}; nothing deleted.` : `Deleted gateway ${args.gatewayId}.`);
  },
});
