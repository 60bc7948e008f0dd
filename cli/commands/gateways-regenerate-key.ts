import { UsageError } from "../cli-errors";
import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const gatewaysRegenerateKey = defineCommand({
  words: ["gateways", "regenerate-key"],
  summary: "Replace a gateway's primary or secondary key; tokens made from the old one stop working.",
  args: ["gatewayId"],
  options: {
    key: { type: "string", valueName: "<primary|secondary>", description: "Which key", required: true },
  },
  async run(context, { args, options }) {
    if (options.key !== "primary" && options.key !== "secondary") throw new UsageError(`--key must be primary or secondary, not '${options.key}'.`);
    await context.client().request("POST", `/gateways/${segment(args.gatewayId)}/regenerateKey`, { keyType: options.key });
    context.out.line(`Regenerated the ${options.key} key of gateway ${args.gatewayId}; tokens made from the old key are revoked.`);
  },
});
