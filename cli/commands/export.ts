import { defineCommand } from "../command";
import { stringifyConfiguration } from "../config/configuration-file";
import { exportConfiguration } from "../config/export-configuration";

export const exportCommand = defineCommand({
  words: ["export"],
  summary: "Print the whole configuration as one declarative YAML file.",
  args: [],
  options: {
    "include-secrets": { type: "boolean", description: "Include subscription and gateway keys (keep the file secret)" },
  },
  notes: [
    "APIs, products with their APIs, gateways with their location and APIs, policies, users (no",
    "passwords), groups and subscriptions (subscription and gateway keys only with --include-secrets),",
    "in a stable order: two exports",
    "of the same state are byte-identical.",
    "",
    "Example:",
    "  portcullis export > portcullis.yaml",
  ].join("\n"),
  async run(context, { options }) {
    const configuration = await exportConfiguration(context.client(), {
      includeSecrets: options["include-secrets"] === true,
      warn: (message) => context.out.warn(message),
    });
    context.out.raw(stringifyConfiguration(configuration));
  },
});
