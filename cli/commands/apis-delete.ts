import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const apisDelete = defineCommand({
  words: ["apis", "delete"],
  summary: "Delete an API (its policy and product links go with it).",
  args: ["apiId"],
  options: {},
  async run(context, { args }) {
    const response = await context.client().request("DELETE", `/apis/${segment(args.apiId)}`);
    context.out.line(response.status === 204 ? `No API ${args.apiId}; nothing deleted.` : `Deleted API ${args.apiId}.`);
  },
});
