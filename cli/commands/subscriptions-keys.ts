import { defineKeysCommand } from "../keys-command";

export const subscriptionsKeys = defineKeysCommand({
  noun: "subscriptions",
  summary: "Show a subscription's primary and secondary keys (POST …/listSecrets).",
  arg: "subscriptionId",
  action: "listSecrets",
  fields: ["primaryKey", "secondaryKey"],
});
