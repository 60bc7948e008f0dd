import { defineCommand } from "../command";
import { displayValue } from "../output";

export const subscriptionsList = defineCommand({
  words: ["subscriptions", "list"],
  summary: "List the subscriptions (keys are not shown; see 'subscriptions keys').",
  args: [],
  options: {},
  json: true,
  async run(context) {
    const subscriptions = await context.client().listResources("/subscriptions");
    if (context.json) return context.out.json(subscriptions);
    context.out.table(
      subscriptions,
      [
        { header: "NAME", value: (s) => s.name },
        { header: "DISPLAY NAME", value: (s) => displayValue(s.properties.displayName) },
        { header: "SCOPE", value: (s) => displayValue(s.properties.scope) },
        { header: "OWNER", value: (s) => displayValue(s.properties.ownerId) },
        { header: "STATE", value: (s) => displayValue(s.properties.state) },
      ],
      "No subscriptions.",
    );
  },
});
