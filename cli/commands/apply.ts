import { defineCommand } from "../command";
import { readInput } from "../read-input";
import { applyConfiguration } from "../config/apply-configuration";
import { parseConfiguration } from "../config/configuration-file";

export const applyCommand = defineCommand({
  words: ["apply"],
  summary: "Make the instance match a configuration file (as 'export' writes it).",
  args: [],
  options: {
    file: { type: "string", short: "f", valueName: "<file>", description: "The YAML file; - reads standard input", required: true },
    prune: { type: "boolean", description: "Also delete what the file does not have (of the kinds it lists), links and policies" },
    "dry-run": { type: "boolean", description: "Print the plan, change nothing" },
  },
  notes: [
    "Reads what is there, compares and sends only what differs; prints one line per change:",
    "  + api echo                                      created",
    "  ~ product starter: state notPublished → published   updated",
    "  + product starter: api echo                     linked",
    "  - api old                                       deleted (--prune only)",
    "A second apply of the same file prints 'No changes.'",
  ].join("\n"),
  async run(context, { options }) {
    const source = options.file === "-" ? "standard input" : options.file;
    const text = await readInput(context, options.file);
    const configuration = parseConfiguration(text, source);
    const dryRun = options["dry-run"] === true;
    const changes = await applyConfiguration(context.client(), configuration, {
      prune: options.prune === true,
      dryRun,
      change: (line) => context.out.line(line),
      warn: (message) => context.out.warn(message),
    });
    const plural = changes === 1 ? "change" : "changes";
    if (changes === 0) context.out.line("No changes.");
    else if (dryRun) context.out.line(`${changes} ${plural} planned; nothing applied (--dry-run).`);
    else context.out.line(`Applied ${changes} ${plural}.`);
  },
});

