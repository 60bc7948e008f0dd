import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { freePort } from "./free-port";

export interface RedisServer {
  port: number;
  /** redis://127.0.0.1:port */
  url: string;
  /** Everything the server printed. */
  output: string[];
  /** Stops it (SIGKILL when `kill`, as a crash would) and waits until it is gone. */
  stop: (options?: { kill?: boolean }) => Promise<void>;
  /** Starts it again on the same port, empty (no persistence): a restarted Redis. */
  restart: () => Promise<void>;
  /** Whether the server process is up. */
  isRunning: () => boolean;
}

const REDIS_SERVER = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => existsSync(p)) ?? "redis-server";

/**
 * Starts the system's redis-server on 127.0.0.1 and a free port, without persistence, and
 * resolves once it answers PING. `.ci/run` installs redis-server when it is missing.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const output: string[] = [];
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = async () => {
    const child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc = child;
    let spawnError: Error | null = null;
    child.once("error", (error) => (spawnError = error));
    child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
    child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
    exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const deadline = Date.now() + 5000;
    while (!(await answersPing(port))) {
      const problem =
        spawnError !== null ? String(spawnError) : child.exitCode !== null ? `exited with ${child.exitCode}` : Date.now() > deadline ? "not answering after 5 s" : null;
      if (problem !== null) {
        child.kill("SIGKILL");
        throw new Error(`redis-server did not start (${problem}): ${output.join("")}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const stop = async ({ kill = false } = {}) => {
    const child = proc;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(kill ? "SIGKILL" : "SIGTERM");
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    output,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    isRunning: () => proc !== null && proc.exitCode === null && proc.signalCode === null,
  };
}

/** Whether a Redis on `port` answers PING with PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let reply = "";
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d: Buffer) => {
      reply += d.toString();
      if (reply.includes("\r\n")) {
        socket.destroy();
        resolve(reply.startsWith("+PONG"));
      }
    });
    socket.once("error", () => resolve(false));
  });
}
