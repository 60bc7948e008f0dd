import { defineKeysCommand } from "../keys-command";

export const gatewaysKeys = defineKeysCommand({
  noun: "gateways",
  summary: "Show a gateway's primary and secondary keys (POST …/listKeys).",
  arg: "gatewayId",
  action: "listKeys",
  fields: ["primary", "secondary"],
});
