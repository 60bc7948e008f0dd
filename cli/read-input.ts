import { readFile } from "node:fs/promises";
import { UsageError } from "./cli-errors";
import type { CommandContext } from "./command";

/** The text of an input file, or of standard input for `-`; an unreadable file is a usage error. */
export async function readInput(context: CommandContext, file: string): Promise<string> {
  if (file === "-") return context.readStdin();
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${file}: ${code === "ENOENT" ? "no such file" : (code ?? String(error))}.`);
  }
}
