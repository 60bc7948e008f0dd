import { parseArgs } from "node:util";
import { UsageError } from "./cli-errors";
import type { Command, OptionSpecs } from "./command";

/**
 * The command line, parsed at the boundary: which command the words select, its positional
 * arguments and options (node:util parseArgs, strict), and the global options every command
 * takes. Everything wrong here is a UsageError (exit 2) carrying the command's help.
 */

export const DEFAULT_URL = "http://localhost:3000";

export const GLOBAL_OPTIONS = {
  url: { type: "string", valueName: "<url>", description: `Portal URL (env PORTCULLIS_URL, default ${DEFAULT_URL})` },
  token: { type: "string", valueName: "<token>", description: "Management API token (env PORTCULLIS_TOKEN)" },
  help: { type: "boolean", short: "h", description: "Show help" },
} as const satisfies OptionSpecs;

const JSON_OPTION = { json: { type: "boolean", description: "Print the API's JSON instead of a table" } } as const satisfies OptionSpecs;

export interface GlobalValues {
  url?: string;
  token?: string;
  help: boolean;
  json: boolean;
}

/** What the words of argv select: a command, a group (`apis`), or nothing. */
export type Selection =
  | { kind: "command"; command: Command; rest: string[] }
  | { kind: "group"; group: string; rest: string[] }
  | { kind: "none"; word: string | undefined; rest: string[] };

/** Finds the command named by the first words of argv; options may come before or after them. */
export function selectCommand(commands: readonly Command[], argv: readonly string[]): Selection {
  const wordIndexes: number[] = [];
  for (let i = 0; i < argv.length && wordIndexes.length < 2; i++) {
    const token = argv[i]!;
    if (token === "--") break;
    if (token === "--url" || token === "--token") {
      i++;
      continue;
    }
    if (token.startsWith("-")) continue;
    wordIndexes.push(i);
  }
  const words = wordIndexes.map((i) => argv[i]!);
  const without = (count: number) => argv.filter((_, i) => !wordIndexes.slice(0, count).includes(i));
  for (const count of [2, 1]) {
    const command = commands.find((c) => c.words.length === count && c.words.every((w, i) => w === words[i]));
    if (command) return { kind: "command", command, rest: without(count) };
  }
  if (words[0] && commands.some((c) => c.words.length > 1 && c.words[0] === words[0])) {
    return { kind: "group", group: words[0], rest: without(1) };
  }
  return { kind: "none", word: words[0], rest: argv.slice() };
}

/** Parses a command's arguments; throws UsageError (with the command's help) on anything wrong. */
export function parseCommandArgs(command: Command, argv: readonly string[]): {
  global: GlobalValues;
  args: Record<string, string>;
  options: Record<string, string | boolean | undefined>;
} {
  const specs: OptionSpecs = { ...command.options, ...(command.json ? JSON_OPTION : {}), ...GLOBAL_OPTIONS };
  const help = commandHelp(command);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), help);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const global: GlobalValues = {
    url: values.url as string | undefined,
    token: values.token as string | undefined,
    help: values.help === true,
    json: values.json === true,
  };
  if (global.help) return { global, args: {}, options: values };

  const positionals = parsed.positionals;
  if (positionals.length < command.args.length) {
    const missing = command.args.slice(positionals.length).map((a) => `<${a}>`);
    throw new UsageError(`Missing argument${missing.length > 1 ? "s" : ""} ${missing.join(" ")}.`, help);
  }
  if (positionals.length > command.args.length) {
    throw new UsageError(`Unexpected argument '${positionals[command.args.length]}'.`, help);
  }
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.required && values[name] === undefined) throw new UsageError(`Missing --${name}.`, help);
    if (spec.type === "string" && values[name] === "") throw new UsageError(`--${name} must not be empty.`, help);
  }
  const args = Object.fromEntries(command.args.map((name, i) => [name, positionals[i]!]));
  return { global, args, options: values };
}

/** node:util's messages name the option already; keep their first sentence. */
function parseArgsMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']+)'/.exec(error.message)?.[1];
    if (option) return `Unknown option '${option}'.`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = /Option '([^']+)'/.exec(error.message)?.[1];
    if (option && /argument missing/.test(error.message)) return `Option '${option}' needs a value.`;
  }
  return error.message.split(/\.\s/)[0]!.replace(/\.?$/, ".");
}

/** The `--help` text of one command. */
export function commandHelp(command: Command): string {
  const args = command.args.map((a) => ` <${a}>`).join("");
  const required = Object.entries(command.options)
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => ` --${name}${spec.type === "string" ? ` ${spec.valueName ?? "<value>"}` : ""}`)
    .join("");
  const lines = [`Usage: portcullis ${command.words.join(" ")}${args}${required} [options]`, "", command.summary];
  const own: OptionSpecs = { ...command.options, ...(command.json ? JSON_OPTION : {}) };
  if (Object.keys(own).length > 0) lines.push("", "Options:", ...optionLines(own));
  lines.push("", "Global options:", ...optionLines(GLOBAL_OPTIONS));
  if (command.notes) lines.push("", command.notes.trimEnd());
  return lines.join("\n");
}

function optionLines(specs: OptionSpecs): string[] {
  const entries = Object.entries(specs).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.type === "string" ? ` ${spec.valueName ?? "<value>"}` : ""}`;
    return [flag, `${spec.description}${spec.required ? " (required)" : ""}`] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length));
  return entries.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

/** The `--help` text of a group of commands (`portcullis apis --help`) or of the whole CLI. */
export function listHelp(commands: readonly Command[], group?: string): string {
  const shown = group ? commands.filter((c) => c.words[0] === group) : commands;
  const names = shown.map((c) => `${c.words.join(" ")}${c.args.map((a) => ` <${a}>`).join("")}`);
  const width = Math.max(...names.map((n) => n.length));
  const usage = group ? `Usage: portcullis ${group} <command> [options]` : "Usage: portcullis <command> [options]";
  const intro = group ? [] : ["", "Drives a Portcullis portal's management API (PORTCULLIS_URL, PORTCULLIS_TOKEN)."];
  return [
    usage,
    ...intro,
    "",
    "Commands:",
    ...shown.map((c, i) => `  ${names[i]!.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    `Run 'portcullis ${group ? `${group} ` : ""}<command> --help' for a command's options.`,
    "Exit codes: 0 done, 1 the API refused, 2 usage error, 3 cannot reach the portal.",
  ].join("\n");
}
