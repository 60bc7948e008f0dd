/**
 * The portal's HTTP server: Next.js's own request handler behind a plain Node `http` server.
 * `npm start`, `npm run portal` and the end-to-end runs start the portal with this instead of
 * `next start` because App Router code never sees the request's socket: `next start` puts the
 * socket's address in X-Forwarded-For only when the client sent none (`??=`), so a client that
 * sends one chooses its own address. Here the socket is at hand, so every request's forwarding
 * headers are resolved against PORTCULLIS_TRUSTED_PROXIES and overwritten before Next.js reads
 * them (`server/http/forwarded-headers.ts` says which).
 *
 * Started through `server/portal-server.mjs`, which loads this file with tsx's scoped loader and
 * hands over Next.js loaded natively.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type createNextServer from "next";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import type { TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import { parsePortalEnv } from "@/server/env";
import { PORTAL_SERVER_MARK, writeForwardedHeaders } from "@/server/http/forwarded-headers";
import { resolveForwarding } from "@/server/http/resolve-forwarding";
import type { TrustedProxies } from "@/server/http/trusted-proxies";
import { log } from "@/gateway/log";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** `-H host` and `-p port`, as `next start` takes them. */
function parseArgs(args: string[]): { host: string | undefined; port: number | undefined } | string {
  let host: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag === "-H" || flag === "--hostname") && value) host = value;
    else if ((flag === "-p" || flag === "--port") && value && /^\d+$/.test(value) && Number(value) <= 65535) port = Number(value);
    else return `Unknown or incomplete argument '${flag}'. Usage: node server/portal-server.mjs [-H host] [-p port]`;
    i++;
  }
  return { host, port };
}

/**
 * Runs the portal: `-H host` and `-p port` (default PORT, 3000; 0 picks a free one) from the
 * command line, PORTCULLIS_TRUSTED_PROXIES from the environment. `loadNext` imports Next.js;
 * it is called after NODE_ENV is set.
 */
export async function runPortalServer(loadNext: () => Promise<typeof createNextServer>): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(args);
    process.exit(2);
  }
  let trusted: TrustedProxies;
  let envPort: number;
  try {
    const env = parsePortalEnv();
    trusted = env.PORTCULLIS_TRUSTED_PROXIES;
    envPort = env.PORT;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }

  // Production React and Next.js: set before either is loaded, as `next start` does.
  (process.env as Record<string, string>).NODE_ENV = "production";
  process.env[PORTAL_SERVER_MARK] = "1";
  const next = await loadNext();

  type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  // Next.js's handler once it is prepared; requests that arrive sooner wait for it.
  let markReady!: (handle: Handler) => void;
  const ready = new Promise<Handler>((resolveReady) => (markReady = resolveReady));
  const server = createServer((req, res) => {
    const socket = req.socket as TLSSocket;
    const view = resolveForwarding({ peer: socket.remoteAddress, encrypted: socket.encrypted === true, headers: req.headers }, trusted);
    writeForwardedHeaders(req.headers, view);
    ready.then((handle) => handle(req, res)).catch((error: unknown) => {
      log.error("portal request failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  // Listen first: with port 0 the port Next.js builds absolute URLs from is only known now.
  await new Promise<void>((listening) => server.listen(args.port ?? envPort, args.host, listening));
  const { port } = server.address() as AddressInfo;
  const app = next({ dev: false, dir: root, hostname: args.host, port, httpServer: server });
  await app.prepare();
  markReady(app.getRequestHandler());
  log.info(`portal listening on http://${args.host ?? "localhost"}:${port}`);

  const stop = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
