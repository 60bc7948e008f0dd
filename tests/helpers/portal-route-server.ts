/**
 * The portal's HTTP routes over real HTTP, in the test process: a Node http server that
 * dispatches `/api/management/*` and `/api/gateway/v1/*` to the real route modules (found on
 * disk, matched as the App Router matches them: static segments before [param] before
 * [...catchAll]), converting IncomingMessage to a Request and the Response back. Remote
 * gateway processes talk to it as they would to `next start`; it uses the instance the test
 * prepared (process.env.PORTCULLIS_DB). Stopping it drops held long-polls as a dying portal would.
 */
import { readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;

interface Route {
  /** `management`, `apis`, `[apiId]`, `[...path]` (under app/api) */
  segments: string[];
  module: Record<string, unknown>;
}

const API_DIR = join(import.meta.dirname, "..", "..", "app", "api");
/** The route trees served: the management API and the self-hosted gateway protocol. */
const TREES = [["management"], ["gateway", "v1"]];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === "route.ts")
    .map((entry) => join(entry.parentPath, entry.name));
}

async function loadRoutes(hidden: readonly string[]): Promise<Route[]> {
  const routes: Route[] = [];
  for (const tree of TREES) {
    for (const file of routeFiles(join(API_DIR, ...tree))) {
      // Route groups `(name)` do not appear in the URL.
      const segments = relative(API_DIR, join(file, "..")).split(sep).filter((s) => !/^\(.*\)$/.test(s));
      if (segments.some((s) => hidden.includes(s))) continue;
      routes.push({ segments, module: (await import(pathToFileURL(file).href)) as Record<string, unknown> });
    }
  }
  return routes.sort(compareRoutes);
}

/** Matches a path's segments to a route's; returns the params, or null. */
function match(route: Route, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    const catchAll = /^\[\[?\.\.\.(\w+)\]\]?$/.exec(segment);
    if (catchAll) {
      const rest = parts.slice(i);
      if (rest.length === 0 && !segment.startsWith("[[")) return null;
      params[catchAll[1]!] = rest;
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    const dynamic = /^\[(\w+)\]$/.exec(segment);
    if (dynamic) params[dynamic[1]!] = part;
    else if (segment !== part) return null;
  }
  return route.segments.length === parts.length ? params : null;
}

/** App Router precedence: per segment, static before [param] before [...catchAll]. */
function compareRoutes(a: Route, b: Route): number {
  const rank = (route: Route) => route.segments.map((s) => (s.startsWith("[[...") || s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0));
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const x = ra[i] ?? -1;
    const y = rb[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** One request the server received: what tests count (a gateway's retries, by its token). */
export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | null;
}

async function dispatch(routes: Route[], req: IncomingMessage, res: ServerResponse, received: ReceivedRequest[]): Promise<void> {
  received.push({ method: req.method ?? "GET", path: req.url ?? "/", authorization: req.headers.authorization ?? null });
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  if (!url.pathname.startsWith("/api/")) {
    res.writeHead(404).end();
    return;
  }
  const parts = url.pathname
    .slice("/api/".length)
    .split("/")
    .filter((p) => p !== "")
    .map((p) => decodeURIComponent(p));
  const method = req.method ?? "GET";
  for (const route of routes) {
    const params = match(route, parts);
    if (!params) continue;
    const handler = route.module[method] as Handler | undefined;
    if (!handler) {
      res.writeHead(405).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    // A client that goes away aborts the request, as Next.js does: a held long-poll ends with it.
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
    const response = await handler(new Request(url, { method, headers, body, signal: abort.signal }), { params: Promise.resolve(params) });
    const payload = Buffer.from(await response.arrayBuffer());
    if (res.destroyed) return;
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(payload);
    return;
  }
  res.writeHead(404).end();
}

export interface PortalRouteServer {
  /** `http://127.0.0.1:{port}`: what PORTCULLIS_CONFIG_URL is set to. */
  url: string;
  port: number;
  /** Every request received so far, oldest first. */
  received: ReceivedRequest[];
  /** Stops answering: closes the listener and every open connection (held long-polls included). */
  stop: () => Promise<void>;
  /** Listens again on the same port (the portal back after an outage). */
  restart: () => Promise<void>;
}

export interface PortalRouteServerOptions {
  /** Listen on this port (default: a free one). */
  port?: number;
  /** Leave out the routes with such a segment (`["products"]`): the catch-all answers for them, as an older portal would. */
  hiddenSegments?: readonly string[];
}

/** Starts the route server on a free loopback port (or `port`). The instance must be prepared first. */
export async function startPortalRouteServer(options: PortalRouteServerOptions = {}): Promise<PortalRouteServer> {
  const routes = await loadRoutes(options.hiddenSegments ?? []);
  const received: ReceivedRequest[] = [];
  let server: Server;
  const listen = async (on: number): Promise<number> => {
    server = createServer((req, res) => {
      dispatch(routes, req, res, received).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(on, "127.0.0.1", resolve);
    });
    return (server.address() as AddressInfo).port;
  };
  const bound = await listen(options.port ?? 0);
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    received,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    restart: async () => {
      await listen(bound);
    },
  };
}
