import { defineListCommand, subscriptionCell } from "../list-command";
import { displayValue } from "../output";

export const productsList = defineListCommand({
  noun: "products",
  summary: "List the products.",
  path: "/products",
  columns: [
    { header: "STATE", value: (p) => displayValue(p.properties.state) },
    { header: "SUBSCRIPTION", value: subscriptionCell },
    { header: "APPROVAL", value: (p) => (p.properties.approvalRequired === true ? "required" : "no") },
    { header: "LIMIT", value: (p) => (p.properties.subscriptionsLimit == null ? "unlimited" : String(p.properties.subscriptionsLimit)) },
  ],
  empty: "No products.",
});
