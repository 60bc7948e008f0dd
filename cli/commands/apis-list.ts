import { defineCommand } from "../command";
import { displayValue } from "../output";

export const apisList = defineCommand({
  words: ["apis", "list"],
  summary: "List the WebSocket APIs.",
  args: [],
  options: {},
  json: true,
  async run(context) {
    const apis = await context.client().listResources("/apis");
    if (context.json) return context.out.json(apis);
    context.out.table(
      apis,
      [
        { header: "NAME", value: (a) => a.name },
        { header: "DISPLAY NAME", value: (a) => displayValue(a.properties.displayName) },
        { header: "PATH", value: (a) => displayValue(a.properties.path) },
        { header: "SERVICE URL", value: (a) => displayValue(a.properties.serviceUrl) },
        { header: "PROTOCOLS", value: (a) => displayValue(a.properties.protocols) },
        { header: "SUBSCRIPTION", value: (a) => (a.properties.subscriptionRequired === false ? "optional" : "required") },
      ],
      "No APIs.",
    );
  },
});
