import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { gatewayProcessEnv } from "@/gateway/config/process-env";

const root = resolve(import.meta.dirname, "../..");

export interface GatewayProcess {
  proc: ChildProcess;
  port: number;
  adminPort: number;
  /** ws://127.0.0.1:port + path */
  url: (path: string) => string;
  /** Every stdout/stderr line so far. */
  lines: string[];
  /** Sends a signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  exited: Promise<number | null>;
}

export interface StartGatewayOptions {
  /**
   * GATEWAY_WORKERS. Tests default to 1 (one process, as before workers existed: no primary, and
   * the machine's cores left to the other tests); the gateway's own default is `auto`.
   */
  workers?: number;
}

/**
 * Starts the real gateway (`node --import tsx gateway/main.ts`) on loopback with ports
 * picked by the OS, and resolves once it says it is listening (with workers: once every
 * worker listens and the primary's admin port is open).
 */
export async function startGateway(dbFile: string, env: Record<string, string> = {}, options: StartGatewayOptions = {}): Promise<GatewayProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", resolve(root, "gateway/main.ts")], {
    cwd: root,
    env: gatewayProcessEnv({
      ...process.env,
      PORTCULLIS_DB: dbFile,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: "0",
      GATEWAY_ADMIN_PORT: "0",
      GATEWAY_CONFIG_POLL_MS: "100",
      GATEWAY_LOG_FLUSH_MS: "50",
      GATEWAY_WORKERS: String(options.workers ?? 1),
      ...env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  const listening = new Promise<{ port: number; adminPort: number }>((resolvePorts, reject) => {
    const onLine = (line: string) => {
      lines.push(line);
      if (line.includes('"gateway listening"')) {
        const parsed = JSON.parse(line) as { port: number; adminPort: number };
        resolvePorts({ port: parsed.port, adminPort: parsed.adminPort });
      }
    };
    for (const stream of [proc.stdout!, proc.stderr!]) {
      let buffered = "";
      stream.on("data", (d: Buffer) => {
        buffered += d.toString();
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          onLine(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
        }
      });
    }
    exited.then((code) => reject(new Error(`gateway exited with ${code} before listening:\n${lines.join("\n")}`)));
  });
  const { port, adminPort } = await listening;
  return {
    proc,
    port,
    adminPort,
    url: (path: string) => `ws://127.0.0.1:${port}${path}`,
    lines,
    exited,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
  };
}

/** Polls `fn` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5000, stepMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`waitFor timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}
