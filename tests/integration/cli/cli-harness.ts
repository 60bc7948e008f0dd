import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

/**
 * The CLI tests' two halves: a management API instance (management-server.ts in its own
 * process, on a fresh temp database with a bootstrap token) and the real CLI
 * (`node bin/portcullis.mjs …`) run against it as a user runs it.
 */

const root = resolve(import.meta.dirname, "../../..");

export const ADMIN_TOKEN = "cli-test-bootstrap-token-0001";

/** Each CLI run starts a Node process (about a second, several on a busy machine); tests run a dozen. */
export const CLI_TEST_TIMEOUT_MS = 180_000;

export interface Instance {
  url: string;
  database: TempDatabase;
  /** Runs the CLI against this instance with the admin token (override with env). */
  cli: (args: readonly string[], options?: CliOptions) => Promise<CliResult>;
  stop: () => Promise<void>;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts a management API instance on a fresh temp database; resolves once it listens.
 * `hideRoutes` leaves collections out (`["products"]`), as an older portal would not have them.
 */
export async function startInstance(options: { hideRoutes?: readonly string[] } = {}): Promise<Instance> {
  const database = createTempDatabase();
  const proc = spawn(process.execPath, ["--import", "tsx", "--import", resolve(root, "tests/helpers/server-only-hook.mjs"), resolve(import.meta.dirname, "management-server.ts")], {
    cwd: root,
    env: Object.assign(withoutPortcullisEnv(process.env), {
      PORTCULLIS_DB: database.file,
      PORTCULLIS_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      PORTCULLIS_ADMIN_PASSWORD: "cli-test-admin-password",
      HIDE_ROUTES: (options.hideRoutes ?? []).join(","),
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  const port = await new Promise<number>((resolvePort, reject) => {
    proc.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(output);
      if (match) resolvePort(Number(match[1]));
    });
    proc.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`management server exited with ${code}:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    database,
    cli: (args, options = {}) => runCli(args, { ...options, env: { PORTCULLIS_URL: url, PORTCULLIS_TOKEN: ADMIN_TOKEN, ...options.env } }),
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill("SIGTERM");
        await exited;
      }
      database.cleanup();
    },
  };
}

/** Runs `node bin/portcullis.mjs …args` and collects its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const env = {} as NodeJS.ProcessEnv;
  for (const [key, value] of Object.entries({ ...withoutPortcullisEnv(process.env), ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const proc = spawn(process.execPath, [resolve(root, "bin/portcullis.mjs"), ...args], {
    cwd: root,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdin.end(options.stdin ?? "");
  return new Promise((resolveResult) => proc.once("close", (code) => resolveResult({ code, stdout, stderr })));
}

/** The test runner's environment without PORTCULLIS_* (a developer's own token must not leak in). */
function withoutPortcullisEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("PORTCULLIS_"))) as NodeJS.ProcessEnv;
}
