import { defineCommand } from "../command";
import { CLOSE_CONNECTIONS_OPTION, closeConnectionsQuery } from "../close-connections-option";
import { segment } from "../show-resource";

export const subscriptionsDelete = defineCommand({
  words: ["subscriptions", "delete"],
  summary: "Delete a subscription; its keys stop working.",
  args: ["subscriptionId"],
  options: CLOSE_CONNECTIONS_OPTION,
  async run(context, { args, options }) {
    const path = `/subscriptions/${segment(args.subscriptionId)}${closeConnectionsQuery(options["close-connections"])}`;
    const response = await context.client().request("DELETE", path);
    context.out.line(
      response.status === 204 ? `No subscription ${args.subscriptionId}; nothing deleted.` : `Deleted subscription ${args.subscriptionId}.`,
    );
  },
});
