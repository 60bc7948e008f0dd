import type { ManagementClient } from "./http-client";
import type { Output } from "./output";

/**
 * What a CLI command is: its words (`apis create`), its positional arguments, its options,
 * and `run`. Each command lives in its own file under commands/ and is listed in commands.ts.
 */

export interface OptionSpec {
  type: "string" | "boolean";
  /** One line for `--help`. */
  description: string;
  /** Placeholder in `--help` (`<url>`); string options only. */
  valueName?: string;
  /** A missing required option is a usage error (exit 2). */
  required?: boolean;
  short?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** The parsed options: strings for string options, booleans for flags, absent when not given. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K]["required"] extends true
    ? O[K]["type"] extends "boolean" ? boolean : string
    : (O[K]["type"] extends "boolean" ? boolean : string) | undefined;
};

/** What every command receives besides its arguments. */
export interface CommandContext {
  /** The management API client; building it validates `--url`. */
  client(): ManagementClient;
  out: Output;
  /** `--json`: print the API's JSON instead of a table (list and show commands). */
  json: boolean;
  /** Reads standard input to the end (`policy set --file -`). */
  readStdin(): Promise<string>;
}

export interface CommandInput<A extends string, O extends OptionSpecs> {
  args: Record<A, string>;
  options: OptionValues<O>;
}

export interface Command<A extends string = string, O extends OptionSpecs = OptionSpecs> {
  /** The words that select it: `["apis", "create"]`, `["export"]`. */
  words: readonly string[];
  /** One line for the command list and the top of `--help`. */
  summary: string;
  /** Positional arguments, in order; all required. */
  args: readonly A[];
  options: O;
  /** Whether `--json` applies (list and show commands). */
  json?: boolean;
  /** Extra `--help` text after the options (examples, notes). */
  notes?: string;
  run(context: CommandContext, input: CommandInput<A, O>): Promise<void>;
}

/** Declares a command with its argument and option types inferred from the spec. */
export function defineCommand<const A extends string, const O extends OptionSpecs>(command: Command<A, O>): Command<A, O> {
  return command;
}
