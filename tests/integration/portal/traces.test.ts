/**
 * GET /api/portal/handshake-traces/{traceId}: the route handler, called as Next.js would, on a
 * prepared instance that a real gateway serves. The console's handshakes fail in the gateway and
 * the route answers the gateway's own row, in the console's limited shape.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/portal/handshake-traces/[traceId]/route";
import { users } from "@/db/schema/index";
import { portalAuthSecret } from "@/server/auth/session-token";
import { getDb } from "@/server/db";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, closeOf, openClient } from "../../helpers/handshake-client";
import { api, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

const MISSING_KEY = "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";

let gateway: GatewayProcess;
let backend: EchoBackend;
let refusing: Server;

async function putApi(apiId: string, serviceUrl: string, subscriptionRequired: boolean): Promise<void> {
  const response = await api("PUT", `/apis/${apiId}`, { body: { properties: { displayName: apiId, serviceUrl, path: apiId, protocols: ["ws"], subscriptionRequired } } });
  expect(response.status, await response.text()).toBe(201);
}

beforeAll(async () => {
  await setUpManagementApi();
  backend = await startEchoBackend();
  // A backend that refuses every WebSocket handshake with 500.
  refusing = createServer((_req, res) => res.writeHead(500).end("boom"));
  refusing.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
  await new Promise<void>((r) => refusing.listen(0, "127.0.0.1", r));
  await putApi("locked", backend.url(), true);
  await putApi("open", backend.url(), false);
  await putApi("broken", `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}`, false);
  await putApi("filtered", backend.url(), false);
  const policy = await api("PUT", "/apis/filtered/policies/policy", {
    body: { properties: { format: "rawxml", value: '<policies><inbound><base /><ip-filter action="forbid"><address>127.0.0.1</address></ip-filter></inbound></policies>' } },
  });
  expect(policy.status, await policy.text()).toBeLessThan(300);
  // Developers read traces of the APIs they may see: those in a published product. "hidden" is in none.
  await putApi("hidden", backend.url(), false);
  expect((await api("PUT", "/products/catalog", { body: { properties: { displayName: "Catalog", state: "published", subscriptionRequired: false } } })).status).toBe(201);
  for (const apiId of ["locked", "open", "broken", "filtered"]) expect((await api("PUT", `/products/catalog/apis/${apiId}`)).status).toBe(201);
  gateway = await startGateway(process.env.PORTCULLIS_DB!);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  await new Promise((r) => refusing?.close(r));
  tearDownManagementApi();
});

/** A session cookie for `userId`, as next-auth would set it after sign-in. */
async function sessionCookie(userId: string): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: userId }, secret: portalAuthSecret() })}`;
}

async function getTrace(traceId: string, cookie: string | null): Promise<{ status: number; body: unknown }> {
  const request = new Request(`http://portal.test/api/portal/handshake-traces/${traceId}`, { headers: cookie ? { cookie } : {} });
  const response = await GET(request, { params: Promise.resolve({ traceId }) });
  return { status: response.status, body: await response.json() };
}

/** Polls as the console does until the gateway's row is written. */
async function traceOf(traceId: string, cookie: string): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const { status, body } = await getTrace(traceId, cookie);
    return status === 200 ? (body as Record<string, unknown>) : null;
  });
}

let counter = 0;
function newTraceId(): string {
  counter += 1;
  return `console-trace-${counter}-${Date.now()}`;
}

describe("GET /api/portal/handshake-traces/{traceId}", () => {
  it("answers a missing key's refusal in the gateway's words, to any signed-in user", async () => {
    const traceId = newTraceId();
    expect((await attemptHandshake(gateway.url(`/locked?portcullis-trace=${traceId}`))).status).toBe(401);
    const trace = await traceOf(traceId, await sessionCookie("dev"));
    expect(trace).toEqual({
      traceId,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      responseCode: 401,
      backendResponseCode: null,
      lastError: { reason: "SubscriptionKeyNotFound", message: MISSING_KEY, source: "subscription" },
      closeCode: null,
      closeReason: null,
    });
  });

  it("says which policy refused", async () => {
    const traceId = newTraceId();
    expect((await attemptHandshake(gateway.url(`/filtered?portcullis-trace=${traceId}`))).status).toBe(403);
    const trace = await traceOf(traceId, await sessionCookie("admin"));
    expect(trace).toMatchObject({ responseCode: 403, backendResponseCode: null, lastError: { source: "ip-filter" } });
  });

  it("gives the backend's own status when the backend refused", async () => {
    const traceId = newTraceId();
    expect((await attemptHandshake(gateway.url(`/broken?portcullis-trace=${traceId}`))).status).toBe(502);
    const trace = await traceOf(traceId, await sessionCookie("dev"));
    expect(trace).toMatchObject({
      responseCode: 502,
      backendResponseCode: 500,
      lastError: { reason: "BackendRefused", message: "Backend refused the WebSocket handshake with 500.", source: "backend" },
    });
  });

  it("has no error and, once closed, the close code for a handshake that succeeded", async () => {
    const traceId = newTraceId();
    const ws = await openClient(gateway.url(`/open?portcullis-trace=${traceId}`));
    const cookie = await sessionCookie("dev");
    expect(await traceOf(traceId, cookie)).toMatchObject({ responseCode: 101, backendResponseCode: 101, lastError: null, closeCode: null });
    const closed = closeOf(ws);
    ws.close(4001, "bye");
    await closed;
    const done = await waitFor(async () => {
      const trace = await traceOf(traceId, cookie);
      return trace.closeCode !== null ? trace : null;
    });
    expect(done).toMatchObject({ closeCode: 4001, closeReason: "bye" });
  });

  it("answers 404 to a developer for a handshake to an API in no published product, and the trace to an administrator", async () => {
    const traceId = newTraceId();
    const answer = await attemptHandshake(gateway.url(`/hidden?portcullis-trace=${traceId}`));
    answer.socket?.destroy();
    expect(answer.status).toBe(101);
    expect(await traceOf(traceId, await sessionCookie("admin"))).toMatchObject({ responseCode: 101 });
    expect(await getTrace(traceId, await sessionCookie("dev"))).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: `No handshake with trace id '${traceId}' has been logged yet.` } },
    });
  });

  it("answers 404 until the gateway has written the row", async () => {
    const { status, body } = await getTrace("not-written-yet-0123456789", await sessionCookie("dev"));
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "NotFound", message: "No handshake with trace id 'not-written-yet-0123456789' has been logged yet." } });
  });

  it("answers 401 to a signed-out caller and to a blocked user", async () => {
    const signedOut = await getTrace("any-trace-id-0123456789", null);
    expect(signedOut).toEqual({ status: 401, body: { error: { code: "Unauthorized", message: "Sign in to read handshake traces." } } });
    getDb().insert(users).values({ id: "gone", email: "gone@example.com", role: "developer", state: "blocked" }).run();
    expect((await getTrace("any-trace-id-0123456789", await sessionCookie("gone"))).status).toBe(401);
    // A management API token is not a portal session.
    const bearer = new Request("http://portal.test/api/portal/handshake-traces/any-trace-id-0123456789", { headers: { authorization: "Bearer management-admin-token-00000001" } });
    expect((await GET(bearer, { params: Promise.resolve({ traceId: "any-trace-id-0123456789" }) })).status).toBe(401);
  });

  it("refuses a trace id the gateway would never record", async () => {
    const { status, body } = await getTrace("short", await sessionCookie("dev"));
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: "ValidationError", details: [{ target: "traceId", message: "must be 16 to 64 characters of A-Z, a-z, 0-9, '_' or '-'" }] } });
  });
});
