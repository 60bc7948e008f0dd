import { defineListCommand, subscriptionCell } from "../list-command";
import { displayValue } from "../output";

export const apisList = defineListCommand({
  noun: "apis",
  summary: "List the WebSocket APIs.",
  path: "/apis",
  columns: [
    { header: "PATH", value: (a) => displayValue(a.properties.path) },
    { header: "SERVICE URL", value: (a) => displayValue(a.properties.serviceUrl) },
    { header: "PROTOCOLS", value: (a) => displayValue(a.properties.protocols) },
    { header: "SUBSCRIPTION", value: subscriptionCell },
  ],
  empty: "No APIs.",
});
