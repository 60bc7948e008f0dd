import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { childPids } from "./proc-stats";

export const NGINX_BIN = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

export interface NginxProcess {
  port: number;
  masterPid: number;
  /** The first worker (the only one with worker_processes 1). */
  workerPid: number;
  workerPids: number[];
  proc: ChildProcess;
  /** Fast shutdown (SIGTERM), SIGKILL to the group past `timeoutMs`. */
  stop: (timeoutMs?: number) => Promise<void>;
}

/** A port the OS says is free now (nginx must be told a number). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * nginx as the reference WebSocket proxy: one worker unless asked (a gateway process is
 * single-threaded; `--workers` compares N gateway workers with N nginx workers), the usual
 * upgrade proxying settings, every path (pid, logs, temp) inside `dir`.
 */
export function nginxConfig(opts: NginxOptions & { port: number }): string {
  const { dir } = opts;
  const workerConnections = Math.max(30_000, 2 * opts.maxConnections + 1000);
  // The worker may not go past the hard limit nginx inherits (unless it may raise it).
  const rlimit = Math.min(workerConnections + 1000, opts.filesLimit);
  // As root the master would hand the worker to "nobody", which cannot use files in `dir`.
  const user = process.getuid?.() === 0 ? "user root root;\n" : "";
  return `${user}daemon off;
master_process on;
worker_processes ${opts.workerProcesses ?? 1};
worker_rlimit_nofile ${rlimit};
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events {
  worker_connections ${workerConnections};
}
http {
  access_log ${dir}/access.log combined buffer=64k flush=1s;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  tcp_nodelay on;
  server {
    listen 127.0.0.1:${opts.port};
    location / {
      proxy_pass http://127.0.0.1:${opts.backendPort};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout 3600s;
      proxy_buffering off;
    }
  }
}
`;
}

export interface NginxOptions {
  dir: string;
  backendPort: number;
  /** Proxied connections it must hold (each is two sockets). */
  maxConnections: number;
  /** The open-file limit it inherits. */
  filesLimit: number;
  /** worker_processes; default 1. */
  workerProcesses?: number;
}

/** Starts nginx with a generated config in `dir`; resolves once its worker accepts connections. */
export async function startNginx(opts: NginxOptions): Promise<NginxProcess> {
  if (!existsSync(NGINX_BIN)) {
    throw new Error(`nginx is not at ${NGINX_BIN}: install it (apt-get install nginx-light), point NGINX_BIN at it, or leave it out (--message-targets direct,gateway --targets direct,gateway)`);
  }
  mkdirSync(join(opts.dir, "tmp"), { recursive: true });
  const port = await freePort();
  const confFile = join(opts.dir, "nginx.conf");
  writeFileSync(confFile, nginxConfig({ ...opts, port }));
  // Its own process group, so that a stop can reach the worker even if the master is gone.
  const proc = spawn(NGINX_BIN, ["-p", opts.dir, "-c", confFile, "-e", join(opts.dir, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const masterPid = proc.pid!;
  const killGroup = () => {
    try {
      process.kill(-masterPid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const stop = async (timeoutMs = 3000) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
    const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([exited, timer]);
    killGroup();
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited with ${proc.exitCode}: ${stderr}${readLog(opts.dir)}`);
    const workers = childPids(masterPid);
    if (workers.length === (opts.workerProcesses ?? 1) && (await accepts(port))) return { port, masterPid, workerPid: workers[0]!, workerPids: workers, proc, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start: ${stderr}${readLog(opts.dir)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, "error.log"), "utf8");
  } catch {
    return "";
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
