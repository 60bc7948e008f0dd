/**
 * The management API's route handlers, called as Next.js calls them (Request in, Response
 * out) against a real SQLite file prepared the way the launcher prepares it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as apiRoute from "@/app/api/management/apis/[apiId]/route";
import * as operationsRoute from "@/app/api/management/apis/[apiId]/operations/route";
import * as apisRoute from "@/app/api/management/apis/route";
import * as catchAllRoute from "@/app/api/management/[...path]/route";
import { apiTokens } from "@/db/schema/index";
import { hashApiToken } from "@/server/auth/api-tokens";
import { getDb } from "@/server/db";
import { parsePortalEnv } from "@/server/env";
import { prepareInstance } from "@/server/launcher/prepare-instance";

const ADMIN_TOKEN = "integration-bootstrap-token-0001";
const DEVELOPER_TOKEN = "integration-developer-token-0001";
const BASE = "http://portal.test/api/management";

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "portcullis-management-"));
  process.env.PORTCULLIS_DB = join(dir, "portcullis.db");
  process.env.PORTCULLIS_BOOTSTRAP_TOKEN = ADMIN_TOKEN;
  process.env.PORTCULLIS_ADMIN_PASSWORD = "integration-admin-password";
  await prepareInstance(process.env.PORTCULLIS_DB, parsePortalEnv());
  getDb()
    .insert(apiTokens)
    .values({ id: "dev", name: "developer", tokenHash: hashApiToken(DEVELOPER_TOKEN), prefix: "integrat", role: "developer" })
    .run();
});

afterAll(() => {
  getDb().$client.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  getDb().$client.exec("DELETE FROM apis");
});

function request(method: string, path: string, options: { token?: string | null; body?: unknown; rawBody?: string } = {}) {
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Request(`${BASE}${path}`, { method, headers, body });
}

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
const echo = { displayName: "Echo", serviceUrl: "wss://echo.example.com/ws", path: "echo" };

async function putApi(apiId: string, properties: object, token?: string | null) {
  return apiRoute.PUT(request("PUT", `/apis/${apiId}`, { body: { properties }, token }), params({ apiId }));
}

function configRevision(): number {
  return (getDb().$client.prepare("SELECT revision FROM config_revision").get() as { revision: number }).revision;
}

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate without a token", async () => {
    const response = await apisRoute.GET(request("GET", "/apis", { token: null }), params({}));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(await response.json()).toEqual({
      error: {
        code: "Unauthorized",
        message: "Missing credentials. Send 'Authorization: Bearer <token>' with a management API token.",
      },
    });
  });

  it("answers 401 for an unknown token", async () => {
    const response = await apisRoute.GET(request("GET", "/apis", { token: "not-a-real-token" }), params({}));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "Unauthorized", message: "The bearer token is invalid, expired or revoked." },
    });
  });

  it("lets a developer read but not write", async () => {
    expect((await apisRoute.GET(request("GET", "/apis", { token: DEVELOPER_TOKEN }), params({}))).status).toBe(200);
    const response = await putApi("echo", echo, DEVELOPER_TOKEN);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "Forbidden", message: "The developer role cannot PUT this resource; it requires administrator or publisher." },
    });
  });

  it("checks credentials before the body: an invalid body from a developer is still 403", async () => {
    expect((await putApi("echo", {}, DEVELOPER_TOKEN)).status).toBe(403);
  });
});

describe("routes the management API does not have", () => {
  it("answers 401 without a token and 404 with one", async () => {
    const ctx = params({ path: ["products", "starter"] });
    const anonymous = await catchAllRoute.GET(request("GET", "/products/starter", { token: null }), ctx);
    expect(anonymous.status).toBe(401);
    const deleteAnonymous = await catchAllRoute.DELETE(request("DELETE", "/products/starter", { token: null }), ctx);
    expect(deleteAnonymous.status).toBe(401);
    const authenticated = await catchAllRoute.GET(request("GET", "/products/starter"), ctx);
    expect(authenticated.status).toBe(404);
    expect(await authenticated.json()).toEqual({
      error: { code: "NotFound", message: "The management API has no resource at '/api/management/products/starter'." },
    });
  });

  it("answers 405 for a method a resource lacks", async () => {
    const response = await apisRoute.POST(request("POST", "/apis", { body: {} }), params({}));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});

describe("API lifecycle", () => {
  it("creates (201), replaces (200), patches, reads, deletes (200, then 204)", async () => {
    const created = await putApi("echo", { ...echo, path: "/echo/" });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      id: "/apis/echo",
      name: "echo",
      properties: {
        displayName: "Echo",
        description: "",
        type: "websocket",
        serviceUrl: "wss://echo.example.com/ws",
        path: "echo",
        protocols: ["ws", "wss"],
        subscriptionRequired: true,
        subscriptionKeyParameterNames: { header: "Ocp-Apim-Subscription-Key", query: "subscription-key" },
      },
    });

    const replaced = await putApi("echo", { ...echo, displayName: "Echo v2", protocols: ["wss"] });
    expect(replaced.status).toBe(200);
    expect((await replaced.json()).properties).toMatchObject({ displayName: "Echo v2", protocols: ["wss"] });

    const patched = await apiRoute.PATCH(
      request("PATCH", "/apis/echo", { body: { properties: { subscriptionRequired: false, description: "Echoes" } } }),
      params({ apiId: "echo" }),
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).properties).toMatchObject({
      displayName: "Echo v2",
      description: "Echoes",
      subscriptionRequired: false,
      protocols: ["wss"],
    });

    const read = await apiRoute.GET(request("GET", "/apis/echo"), params({ apiId: "echo" }));
    expect((await read.json()).properties.description).toBe("Echoes");

    const operations = await operationsRoute.GET(request("GET", "/apis/echo/operations"), params({ apiId: "echo" }));
    expect(await operations.json()).toEqual({
      value: [
        {
          id: "/apis/echo/operations/onHandshake",
          name: "onHandshake",
          properties: { displayName: "onHandshake", method: "GET", urlTemplate: "/" },
        },
      ],
      count: 1,
      nextLink: null,
    });

    const deleted = await apiRoute.DELETE(request("DELETE", "/apis/echo"), params({ apiId: "echo" }));
    expect(deleted.status).toBe(200);
    const again = await apiRoute.DELETE(request("DELETE", "/apis/echo"), params({ apiId: "echo" }));
    expect(again.status).toBe(204);
    const gone = await apiRoute.GET(request("GET", "/apis/echo"), params({ apiId: "echo" }));
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: { code: "NotFound", message: "API 'echo' not found." } });
  });

  it("bumps config_revision on every PUT, PATCH and DELETE, and not on reads", async () => {
    const start = configRevision();
    await putApi("echo", echo);
    expect(configRevision()).toBe(start + 1);
    await apiRoute.GET(request("GET", "/apis/echo"), params({ apiId: "echo" }));
    expect(configRevision()).toBe(start + 1);
    await apiRoute.PATCH(request("PATCH", "/apis/echo", { body: { properties: { description: "x" } } }), params({ apiId: "echo" }));
    expect(configRevision()).toBe(start + 2);
    await apiRoute.DELETE(request("DELETE", "/apis/echo"), params({ apiId: "echo" }));
    expect(configRevision()).toBe(start + 3);
  });

  it("pages the list with $top and $skip and links the next page", async () => {
    for (const id of ["a", "b", "c"]) await putApi(id, { ...echo, path: id });
    const first = await apisRoute.GET(request("GET", "/apis?$top=2&api-version=2022-08-01"), params({}));
    const page = await first.json();
    expect(page.value.map((a: { name: string }) => a.name)).toEqual(["a", "b"]);
    expect(page.count).toBe(3);
    const next = new URL(page.nextLink);
    expect([next.pathname, next.searchParams.get("$top"), next.searchParams.get("$skip")]).toEqual(["/api/management/apis", "2", "2"]);
    expect(next.searchParams.get("api-version")).toBe("2022-08-01");
    const last = await (await apisRoute.GET(request("GET", `/apis${next.search}`), params({}))).json();
    expect(last).toMatchObject({ count: 3, nextLink: null });
    expect(last.value.map((a: { name: string }) => a.name)).toEqual(["c"]);
  });

  it("refuses a bad $top", async () => {
    const response = await apisRoute.GET(request("GET", "/apis?$top=0"), params({}));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe("$top must be at least 1.");
  });

  it("answers 404 for a PATCH or the operations of an unknown API", async () => {
    const patch = await apiRoute.PATCH(
      request("PATCH", "/apis/ghost", { body: { properties: { description: "x" } } }),
      params({ apiId: "ghost" }),
    );
    expect(patch.status).toBe(404);
    const operations = await operationsRoute.GET(request("GET", "/apis/ghost/operations"), params({ apiId: "ghost" }));
    expect(operations.status).toBe(404);
  });
});

describe("validation", () => {
  it("refuses an http:// service URL with a message naming the field", async () => {
    const response = await putApi("echo", { ...echo, serviceUrl: "http://echo.example.com" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "ValidationError",
        message: "properties.serviceUrl must be a ws:// or wss:// URL, not http://.",
        details: [{ target: "properties.serviceUrl", message: "must be a ws:// or wss:// URL, not http://" }],
      },
    });
  });

  it("refuses a body that is not JSON", async () => {
    const response = await apiRoute.PUT(request("PUT", "/apis/echo", { rawBody: "{nope" }), params({ apiId: "echo" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "ValidationError",
        message: "The request body must be a JSON object.",
        details: [{ target: "body", message: "is not valid JSON" }],
      },
    });
  });

  it("refuses a bad API id", async () => {
    const response = await putApi("bad.id", echo);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(
      "apiId must start with a letter or digit and contain only letters, digits, '-' and '_'.",
    );
  });

  it("refuses an empty protocol list and a missing path together", async () => {
    const { path: _path, ...withoutPath } = echo;
    const response = await putApi("echo", { ...withoutPath, protocols: [] });
    expect((await response.json()).error.details).toEqual([
      { target: "properties.path", message: "is required" },
      { target: "properties.protocols", message: 'must contain at least one of "ws", "wss"' },
    ]);
  });

  it("answers 409 for a path another API has", async () => {
    await putApi("echo", echo);
    const response = await putApi("echo-2", { ...echo, path: "ECHO" });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: {
        code: "Conflict",
        message: "An API with path 'echo' already exists: 'echo'.",
        details: [{ target: "properties.path", message: "is already used by the API 'Echo' (echo)" }],
      },
    });
  });

  it("creates only, with If-None-Match: *, and answers 409 when the name is taken", async () => {
    const create = (displayName: string, path: string) =>
      apiRoute.PUT(
        new Request(`${BASE}/apis/echo`, {
          method: "PUT",
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", "if-none-match": "*" },
          body: JSON.stringify({ properties: { ...echo, displayName, path } }),
        }),
        params({ apiId: "echo" }),
      );
    expect((await create("Echo", "echo")).status).toBe(201);
    const again = await create("Echo again", "echo-again");
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: {
        code: "Conflict",
        message: "An API named 'echo' already exists.",
        details: [{ target: "name", message: "is already used by the API 'Echo'" }],
      },
    });
    const stored = await apiRoute.GET(request("GET", "/apis/echo"), params({ apiId: "echo" }));
    expect((await stored.json()).properties.displayName).toBe("Echo");
  });

  it("finds the API that uses a path with ?path=, ignoring case and slashes", async () => {
    await putApi("echo", echo);
    await putApi("chat", { ...echo, path: "chat/v1" });
    const found = await apisRoute.GET(request("GET", "/apis?path=%2FChat%2FV1%2F"), params({}));
    expect(found.status).toBe(200);
    const page = await found.json();
    expect(page.count).toBe(1);
    expect(page.value.map((api: { name: string }) => api.name)).toEqual(["chat"]);
    const none = await apisRoute.GET(request("GET", "/apis?path=free"), params({}));
    expect((await none.json()).value).toEqual([]);
    const invalid = await apisRoute.GET(request("GET", "/apis?path=a%20b"), params({}));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.details[0].target).toBe("path");
  });
});
