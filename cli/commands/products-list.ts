import { defineCommand } from "../command";
import { displayValue } from "../output";

export const productsList = defineCommand({
  words: ["products", "list"],
  summary: "List the products.",
  args: [],
  options: {},
  json: true,
  async run(context) {
    const products = await context.client().listResources("/products");
    if (context.json) return context.out.json(products);
    context.out.table(
      products,
      [
        { header: "NAME", value: (p) => p.name },
        { header: "DISPLAY NAME", value: (p) => displayValue(p.properties.displayName) },
        { header: "STATE", value: (p) => displayValue(p.properties.state) },
        { header: "SUBSCRIPTION", value: (p) => (p.properties.subscriptionRequired === false ? "optional" : "required") },
        { header: "APPROVAL", value: (p) => (p.properties.approvalRequired === true ? "required" : "no") },
        { header: "LIMIT", value: (p) => (p.properties.subscriptionsLimit == null ? "unlimited" : String(p.properties.subscriptionsLimit)) },
      ],
      "No products.",
    );
  },
});
