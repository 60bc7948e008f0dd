import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

/**
 * The CLI tests' two halves: a management API instance (management-server.ts in its own
 * process, on a fresh temp database with a bootstrap token) and the real CLI
 * (`node bin/portcullis.mjs …`) run against it as a user runs it.
 */

const root = resolve(import.meta.dirname, "../../..");

export const ADMIN_TOKEN = "cli-test-bootstrap-token-0001";

/** Each CLI run starts a Node process (a fraction of a second, more on a busy machine); tests run a dozen. */
export const CLI_TEST_TIMEOUT_MS = 120_000;

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

let bundled: Promise<string> | null = null;

/**
 * cli/main.ts and what it imports in one ES module, run as bin/portcullis.mjs runs it. Loading the
 * CLI through tsx costs each run about a second of CPU; the tests run about a hundred, so they
 * run this bundle (built once per test file) and `bin` itself only where `bin` is what is tested.
 */
function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "portcullis-cli-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, "portcullis.mjs");
    await build({
      stdin: {
        contents: 'import { main } from "./cli/main.ts";\nprocess.exitCode = await main(process.argv.slice(2));\n',
        resolveDir: root,
        loader: "ts",
      },
      tsconfig: join(root, "tsconfig.json"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      // CommonJS dependencies require() Node's built-ins; an ES module bundle needs a require for them.
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
      logLevel: "silent",
    });
    return outfile;
  })();
  return bundled;
}

/**
 * Runs the CLI with `args` and collects its exit code and output: the bundled CLI, or with
 * `{ bin: true }` the real `node bin/portcullis.mjs` (tsx loading the TypeScript).
 */
export async function runCli(args: readonly string[], options: CliOptions & { bin?: boolean } = {}): Promise<CliResult> {
  const env = {} as NodeJS.ProcessEnv;
  for (const [key, value] of Object.entries({ ...withoutPortcullisEnv(process.env), ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const entry = options.bin ? resolve(root, "bin/portcullis.mjs") : await cliBundle();
  const proc = spawn(process.execPath, [entry, ...args], {
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
