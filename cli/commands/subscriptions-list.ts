import { defineListCommand } from "../list-command";
import { displayValue } from "../output";

export const subscriptionsList = defineListCommand({
  noun: "subscriptions",
  summary: "List the subscriptions (keys are not shown; see 'subscriptions keys').",
  path: "/subscriptions",
  columns: [
    { header: "SCOPE", value: (s) => displayValue(s.properties.scope) },
    { header: "OWNER", value: (s) => displayValue(s.properties.ownerId) },
    { header: "STATE", value: (s) => displayValue(s.properties.state) },
  ],
  empty: "No subscriptions.",
});
