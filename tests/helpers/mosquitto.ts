import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

export interface Mosquitto {
  /** Port of the broker's WebSocket listener on 127.0.0.1. */
  port: number;
  /** Port of its plain MQTT (TCP) listener on 127.0.0.1. */
  tcpPort: number;
  /** Everything the broker printed. */
  output: string[];
  stop: () => Promise<void>;
}

/** Debian installs the broker in /usr/sbin, which is not on every PATH. */
const MOSQUITTO = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"].find((p) => existsSync(p)) ?? "mosquitto";

/** Starts the system's mosquitto with one anonymous WebSocket listener on loopback. */
export async function startMosquitto(): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), "portcullis-mosquitto-"));
  const port = await freePort();
  const tcpPort = await freePort();
  const config = join(dir, "mosquitto.conf");
  const lines = [
    `listener ${port} 127.0.0.1`,
    "protocol websockets",
    // Without it the WebSocket listener binds every interface, whatever address is given.
    "socket_domain ipv4",
    // Mosquitto 2.0.11 refuses to start with WebSocket listeners only ("Unable to start any listening sockets").
    `listener ${tcpPort} 127.0.0.1`,
    "protocol mqtt",
    "allow_anonymous true",
    "persistence false",
  ];
  writeFileSync(config, lines.join("\n") + "\n");
  const proc = spawn(MOSQUITTO, ["-c", config], { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  let spawnError: Error | null = null;
  proc.once("error", (error) => (spawnError = error));
  proc.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  proc.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => proc.once("close", () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null && spawnError === null) {
      proc.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 5000;
  while (!(await canConnect(port))) {
    const problem =
      spawnError !== null ? String(spawnError) : proc.exitCode !== null ? `exited with ${proc.exitCode}` : Date.now() > deadline ? "not listening after 5 s" : null;
    if (problem !== null) {
      await stop();
      throw new Error(`mosquitto did not start (${problem}): ${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, tcpPort, output, stop };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
