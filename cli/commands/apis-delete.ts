import { defineCommand } from "../command";
import { CLOSE_CONNECTIONS_OPTION, closeConnectionsQuery } from "../close-connections-option";
import { segment } from "../show-resource";

export const apisDelete = defineCommand({
  words: ["apis", "delete"],
  summary: "Delete an API (its policy and product links go with it).",
  args: ["apiId"],
  options: CLOSE_CONNECTIONS_OPTION,
  async run(context, { args, options }) {
    const response = await context.client().request("DELETE", `/apis/${segment(args.apiId)}${closeConnectionsQuery(options["close-connections"])}`);
    context.out.line(response.status === 204 ? `No API ${args.apiId}; nothing deleted.` : `Deleted API ${args.apiId}.`);
  },
});
