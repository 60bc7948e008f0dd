/**
 * A stand-in for the portal in CLI tests: a plain Node HTTP server that dispatches to the
 * real management API route handlers (app/api/management/**), found on disk and matched the
 * way the App Router matches them (static segments before [param] before [...catchAll]).
 * Routes other engineers add are picked up without a change here. Run as its own process
 * (`node --import tsx`), one per instance, so each has its own PORTCULLIS_DB and caches.
 * Prints `{"port": n}` on stdout once it listens. `HIDE_ROUTES=products,policies` leaves out the routes
 * with such a segment (the catch-all answers for them), to test how the CLI copes with an older portal.
 */
import { readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parsePortalEnv } from "@/server/env";
import { prepareInstance } from "@/server/launcher/prepare-instance";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

interface Route {
  /** `apis`, `[apiId]`, `[...path]` */
  segments: string[];
  module: Record<string, unknown>;
}

const ROOT = join(import.meta.dirname, "..", "..", "..");
const API_DIR = join(ROOT, "app", "api", "management");
const PREFIX = "/api/management";

function findRouteFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findRouteFiles(path));
    else if (entry.name === "route.ts") files.push(path);
  }
  return files;
}

async function loadRoutes(hidden: readonly string[]): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of findRouteFiles(API_DIR)) {
    const folder = relative(API_DIR, join(file, ".."));
    // Route groups `(name)` do not appear in the URL.
    const segments = folder === "" ? [] : folder.split(sep).filter((s) => !/^\(.*\)$/.test(s));
    if (segments.some((s) => hidden.includes(s))) continue;
    routes.push({ segments, module: (await import(pathToFileURL(file).href)) as Record<string, unknown> });
  }
  return routes;
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
function rank(route: Route): number[] {
  return route.segments.map((s) => (s.startsWith("[[...") || s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0));
}

function compareRoutes(a: Route, b: Route): number {
  const ra = rank(a);
  const rb = rank(b);
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

async function dispatch(routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  if (!url.pathname.startsWith(PREFIX)) {
    res.writeHead(404).end();
    return;
  }
  const parts = url.pathname
    .slice(PREFIX.length)
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
    const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
    const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  res.writeHead(404).end();
}

const databaseFile = process.env.PORTCULLIS_DB;
if (!databaseFile) throw new Error("PORTCULLIS_DB must be set");
await prepareInstance(databaseFile, parsePortalEnv());
const hidden = (process.env.HIDE_ROUTES ?? "").split(",").filter((s) => s !== "");
const routes = (await loadRoutes(hidden)).sort(compareRoutes);
const server = createServer((req, res) => {
  dispatch(routes, req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
