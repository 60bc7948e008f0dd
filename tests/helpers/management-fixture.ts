/**
 * Shared setup for the tests that need a prepared instance (tests/integration/management/, and
 * the portal and gateway tests that call its routes): a prepared instance on a temp SQLite
 * file, one token per role, and `api()`, which sends a Request to the route handler Next.js
 * would pick for the path (found by walking app/api/management, so new route files are
 * reachable without edits here).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { apiTokens, users } from "@/db/schema/index";
import { hashApiToken } from "@/server/auth/api-tokens";
import { getDb } from "@/server/db";
import { parsePortalEnv } from "@/server/env";
import { prepareInstance } from "@/server/launcher/prepare-instance";

export const ADMIN_TOKEN = "management-admin-token-00000001";
export const PUBLISHER_TOKEN = "management-publisher-token-0001";
/** A developer token that belongs to the user `dev`. */
export const DEVELOPER_TOKEN = "management-developer-token-0001";
/** A developer token of the user `dev2`, to check developers cannot see each other's things. */
export const OTHER_DEVELOPER_TOKEN = "management-developer-token-0002";
const BASE = "http://portal.test/api/management";
const ROUTES_DIR = resolve(import.meta.dirname, "../../app/api/management");

export type Method = "GET" | "PUT" | "PATCH" | "POST" | "DELETE";
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
interface Route {
  /** `/products/[productId]`, as the folders spell it. */
  pattern: string;
  segments: string[];
  module: Partial<Record<Method, Handler>>;
}

let dir: string;
let routes: Route[] = [];

/** Prepares a fresh instance (as `npm start` would), adds the test users and tokens, loads the routes. */
export async function setUpManagementApi(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), "portcullis-management-"));
  process.env.PORTCULLIS_DB = join(dir, "portcullis.db");
  process.env.PORTCULLIS_BOOTSTRAP_TOKEN = ADMIN_TOKEN;
  process.env.PORTCULLIS_ADMIN_PASSWORD = "management-admin-password";
  await prepareInstance(process.env.PORTCULLIS_DB, parsePortalEnv());
  const db = getDb();
  db.insert(users)
    .values([
      { id: "dev", email: "dev@example.com", role: "developer" },
      { id: "dev2", email: "dev2@example.com", role: "developer" },
    ])
    .run();
  const token = (id: string, value: string, role: "publisher" | "developer", userId: string | null) => ({
    id,
    name: `${role} token`,
    tokenHash: hashApiToken(value),
    prefix: value.slice(0, 8),
    role,
    userId,
  });
  db.insert(apiTokens)
    .values([
      token("publisher", PUBLISHER_TOKEN, "publisher", null),
      token("developer", DEVELOPER_TOKEN, "developer", "dev"),
      token("developer2", OTHER_DEVELOPER_TOKEN, "developer", "dev2"),
    ])
    .run();
  routes = await loadRoutes();
}

export function tearDownManagementApi(): void {
  getDb().$client.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Every route file under app/api/management, catch-all excluded, most specific first. */
async function loadRoutes(): Promise<Route[]> {
  const found: Route[] = [];
  for (const file of routeFiles(ROUTES_DIR)) {
    const folder = relative(ROUTES_DIR, file).replace(/\/?route\.ts$/, "");
    if (folder === "" || folder.includes("[...")) continue;
    found.push({ pattern: `/${folder}`, segments: folder.split("/"), module: await import(file) });
  }
  // Literal segments win over [params] at the same depth, as in Next.js.
  return found.sort((a, b) => a.segments.filter((s) => s.startsWith("[")).length - b.segments.filter((s) => s.startsWith("[")).length);
}

/** Absolute paths of every route.ts under `folder`. */
export function routeFiles(folder: string = ROUTES_DIR): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === "route.ts")
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Every loaded route's pattern (`/products/[productId]`). */
export function routePatterns(): string[] {
  return routes.map((r) => r.pattern);
}

function match(path: string): { route: Route; params: Record<string, string> } {
  const parts = path.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((segment, i) => {
      const part = decodeURIComponent(parts[i]!);
      if (segment.startsWith("[")) {
        params[segment.slice(1, -1)] = part;
        return true;
      }
      return segment === part;
    });
    if (ok) return { route, params };
  }
  throw new Error(`No route file for ${path}`);
}

export interface CallOptions {
  /** Default: the administrator's; null sends no Authorization header. */
  token?: string | null;
  body?: unknown;
  rawBody?: string;
}

/** Calls the management API as Next.js would: `await api("PUT", "/products/starter", { body })`. */
export async function api(method: Method, pathAndQuery: string, options: CallOptions = {}): Promise<Response> {
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  // A GET cannot carry a body (the Request constructor refuses one).
  const body = method === "GET" ? undefined : (options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)));
  const request = new Request(`${BASE}${pathAndQuery}`, { method, headers, body });
  const { route, params } = match(pathAndQuery.split("?")[0]!);
  const handler = route.module[method];
  if (!handler) throw new Error(`${route.pattern} exports no ${method}`);
  return handler(request, { params: Promise.resolve(params) });
}

/** A parsed JSON body, loosely typed like `Response.json()`'s, for assertions. */
type JsonBody = Awaited<ReturnType<Response["json"]>>;

/** `api()` and the parsed JSON body (null for an empty one). */
export async function apiJson(method: Method, pathAndQuery: string, options: CallOptions = {}): Promise<{ status: number; body: JsonBody }> {
  const response = await api(method, pathAndQuery, options);
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

/** Empties the configuration between tests (the test users, tokens and the managed gateway stay). */
export function resetData(): void {
  getDb().$client.exec(`
    DELETE FROM subscriptions; DELETE FROM product_apis; DELETE FROM products; DELETE FROM gateway_apis;
    DELETE FROM apis; DELETE FROM policies; DELETE FROM groups; DELETE FROM audit_log;
    DELETE FROM gateways WHERE id <> 'managed';
    DELETE FROM api_tokens WHERE id NOT IN ('bootstrap', 'publisher', 'developer', 'developer2');
    DELETE FROM users WHERE id NOT IN ('admin', 'dev', 'dev2');
    DELETE FROM gateway_logs; DELETE FROM metrics_minute;
  `);
}

/** Creates an API through the API (as a publisher would). */
export async function createApi(apiId: string, path = apiId): Promise<void> {
  const response = await api("PUT", `/apis/${apiId}`, {
    body: { properties: { displayName: apiId, serviceUrl: "wss://backend.example.com/ws", path } },
  });
  if (response.status !== 201) throw new Error(`createApi ${apiId}: ${response.status} ${await response.text()}`);
}

/** Creates a product through the API. */
export async function createProduct(productId: string, properties: Record<string, unknown> = {}): Promise<void> {
  const response = await api("PUT", `/products/${productId}`, {
    body: { properties: { displayName: productId, state: "published", ...properties } },
  });
  if (response.status !== 201) throw new Error(`createProduct ${productId}: ${response.status} ${await response.text()}`);
}
