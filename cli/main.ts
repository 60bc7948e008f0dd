import { commandHelp, DEFAULT_URL, listHelp, parseCommandArgs, selectCommand } from "./cli-args";
import { ApiError, CliError, UsageError } from "./cli-errors";
import type { CommandContext, OptionSpecs, OptionValues } from "./command";
import { COMMANDS } from "./commands";
import { ManagementClient, parseBaseUrl } from "./http-client";
import { Output, type Writer } from "./output";

/**
 * The CLI's entry point (`bin/portcullis.mjs` calls it): selects the command, parses its
 * arguments, runs it, and is the one place that prints errors and picks the exit code:
 * 0 done, 1 the API refused, 2 usage error, 3 the portal could not be reached.
 */

export interface MainIo {
  stdout: Writer;
  stderr: Writer;
  env: Record<string, string | undefined>;
  readStdin: () => Promise<string>;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: MainIo = processIo()): Promise<number> {
  const out = new Output(io.stdout, io.stderr);
  try {
    const selection = selectCommand(COMMANDS, argv);
    const wantsHelp = selection.rest.includes("--help") || selection.rest.includes("-h");
    if (selection.kind === "group") {
      if (wantsHelp) return help(out, listHelp(COMMANDS, selection.group));
      const sub = selection.rest.find((t) => !t.startsWith("-"));
      throw new UsageError(
        sub ? `Unknown command '${selection.group} ${sub}'.` : `Missing a command after '${selection.group}'.`,
        listHelp(COMMANDS, selection.group),
      );
    }
    if (selection.kind === "none") {
      if (selection.word === undefined || selection.word === "help") {
        if (wantsHelp || selection.word === "help") return help(out, listHelp(COMMANDS));
        throw new UsageError("Missing a command.", listHelp(COMMANDS));
      }
      throw new UsageError(`Unknown command '${selection.word}'.`, listHelp(COMMANDS));
    }

    const { command } = selection;
    const parsed = parseCommandArgs(command, selection.rest);
    if (parsed.global.help) return help(out, commandHelp(command));

    let client: ManagementClient | undefined;
    const context: CommandContext = {
      client: () => {
        client ??= new ManagementClient(
          parseBaseUrl(parsed.global.url ?? (io.env.PORTCULLIS_URL || DEFAULT_URL)),
          parsed.global.token ?? (io.env.PORTCULLIS_TOKEN || undefined),
        );
        return client;
      },
      out,
      json: parsed.global.json,
      readStdin: io.readStdin,
    };
    // parseCommandArgs checked the arguments and required options against the command's spec.
    await command.run(context, { args: parsed.args, options: parsed.options as OptionValues<OptionSpecs> });
    return 0;
  } catch (error) {
    return report(out, error);
  }
}

function help(out: Output, text: string): number {
  out.line(text);
  return 0;
}

/** Prints an error the way a user can act on it and returns its exit code. */
function report(out: Output, error: unknown): number {
  if (error instanceof ApiError) {
    out.error(`Error: ${error.message} (${error.status} ${error.code})`);
    for (const detail of error.details) out.error(`  ${detail.target}: ${detail.message}`);
    return error.exitCode;
  }
  if (error instanceof UsageError) {
    out.error(`Error: ${error.message}`);
    if (error.help) out.error(`\n${error.help}`);
    return error.exitCode;
  }
  if (error instanceof CliError) {
    out.error(`Error: ${error.message}`);
    return error.exitCode;
  }
  // A bug in the CLI itself: show it whole, it is what a bug report needs.
  out.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 70;
}

function processIo(): MainIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}
