/**
 * A self-hosted gateway with GATEWAY_WORKERS=2 (DESIGN §6, "Every core" and "More machines"),
 * all real processes: the portal's routes over real HTTP on a temp SQLite file, an echo
 * backend, and one remote instance of gateway `edge` (a primary and two workers). The primary
 * holds the one long-poll and forwards each configuration to both workers; the workers' log
 * rows reach the portal through the primary's one telemetry stream.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { gatewayReadiness, type WorkerHealth } from "../../helpers/gateway-health";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, closeOf, openClient } from "../../helpers/handshake-client";
import { startPortalRouteServer, type PortalRouteServer } from "../../helpers/portal-route-server";
import { api, apiJson, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

let dir: string;
let portal: PortalRouteServer;
let backend: EchoBackend;
let edge: GatewayProcess;

async function workers(): Promise<WorkerHealth[]> {
  return (await gatewayReadiness(edge)).body.workers ?? [];
}

async function handshakeStatus(path: string): Promise<number> {
  const answer = await attemptHandshake(edge.url(path));
  answer.socket?.destroy();
  return answer.status;
}

/** Opens connections until each worker holds at least one (node:cluster hands them round robin). */
async function connectionsOnEveryWorker(path: string): Promise<import("ws").WebSocket[]> {
  const open: import("ws").WebSocket[] = [];
  for (let i = 0; i < 10; i++) {
    open.push(await openClient(edge.url(`${path}${path.includes("?") ? "&" : "?"}n=${i}`)));
    const counts = await waitFor(async () => {
      const listed = await workers();
      return listed.reduce((n, w) => n + w.connections, 0) === open.length ? listed : null;
    });
    if (counts.length === 2 && counts.every((w) => w.connections > 0)) return open;
  }
  throw new Error(`10 connections did not reach both workers: ${JSON.stringify(await workers())}`);
}

function closeRequestOutcome(id: string): string | null {
  const row = getDb().$client.prepare<[string], { outcome: string | null }>("SELECT outcome FROM connection_close_requests WHERE id = ?").get(id);
  return row?.outcome ?? null;
}

beforeAll(async () => {
  await setUpManagementApi();
  dir = join(process.env.PORTCULLIS_DB!, "..");
  backend = await startEchoBackend();
  portal = await startPortalRouteServer();
  for (const id of ["echo", "late"]) {
    const created = await api("PUT", `/apis/${id}`, {
      body: { properties: { displayName: id, serviceUrl: backend.url(), path: id, protocols: ["ws"], subscriptionRequired: false } },
    });
    expect(created.status).toBe(201);
  }
  expect((await api("PUT", "/gateways/edge", { body: { properties: { locationData: { name: "Edge" } } } })).status).toBe(201);
  expect((await api("PUT", "/gateways/edge/apis/echo")).status).toBeLessThan(300);
  const token = (await apiJson("POST", "/gateways/edge/generateToken", { body: { keyType: "primary", expiry: new Date(Date.now() + 86_400_000).toISOString() } })).body
    .value as string;
  edge = await startGateway(
    "",
    { PORTCULLIS_CONFIG_URL: portal.url, PORTCULLIS_GATEWAY_TOKEN: token, GATEWAY_CONFIG_CACHE: join(dir, "cache-edge.json"), GATEWAY_HEARTBEAT_MS: "200" },
    { workers: 2 },
  );
}, 60_000);

afterAll(async () => {
  await edge?.stop();
  await portal?.stop();
  await backend?.close();
  tearDownManagementApi();
});

describe("a self-hosted gateway with two workers", () => {
  it("starts both workers on the portal's configuration, with one long-poll for the instance", async () => {
    expect(edge.lines.some((line) => line.includes("GATEWAY_WORKERS"))).toBe(false);
    const listed = await workers();
    expect(listed).toHaveLength(2);
    expect(listed.every((w) => w.ready && w.configRevision !== null)).toBe(true);
    expect(await handshakeStatus("/echo")).toBe(101);
    expect(await handshakeStatus("/late")).toBe(404);
    // The primary asks, the workers do not (they share its output: a source per worker would say this three times).
    expect(edge.lines.filter((line) => line.includes('"configuration received from the portal"'))).toHaveLength(1);
  });

  it("forwards a configuration change to both workers", async () => {
    const before = Math.max(...(await workers()).map((w) => w.configRevision!));
    const started = performance.now();
    expect((await api("PUT", "/gateways/edge/apis/late")).status).toBeLessThan(300);
    const listed = await waitFor(async () => {
      const now = await workers();
      return now.length === 2 && now.every((w) => w.configRevision! > before) ? now : null;
    }, 5_000);
    console.log(`configuration change on both workers after ${Math.round(performance.now() - started)} ms`);
    expect(listed[0]!.configRevision).toBe(listed[1]!.configRevision);
    // Round robin: consecutive handshakes go to both workers, and each serves the new API.
    for (let i = 0; i < 4; i++) expect(await handshakeStatus("/late")).toBe(101);
  });

  it("ships both workers' log rows to the portal under the gateway's id, and reports one instance with two workers", async () => {
    const open = await connectionsOnEveryWorker("/echo?shipped=1");
    await Promise.all(
      open.map((ws) => {
        const closed = closeOf(ws);
        ws.close(1000, "done");
        return closed;
      }),
    );
    const rows = await waitFor(async () => {
      const answer = await apiJson("GET", "/logs?gatewayId=edge&apiId=echo");
      const shipped = answer.body.value.filter((r: { url: string; closedAt: string | null }) => r.url.startsWith("/echo?shipped=1") && r.closedAt !== null);
      return shipped.length === open.length ? shipped : null;
    }, 10_000);
    for (const row of rows) expect(row).toMatchObject({ gatewayId: "edge", apiId: "echo", responseCode: 101, closeCode: 1000, closeReason: "done", closedBy: "client" });

    const instances = await waitFor(async () => {
      const answer = await apiJson("GET", "/gateways/edge/instances");
      return answer.body.value.length > 0 ? answer.body.value : null;
    }, 10_000);
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({ workers: 2 });
  });

  it("closes a connection held by either worker when an administrator asks (1008 and the reason)", async () => {
    const open = await connectionsOnEveryWorker("/echo?closeme=1");
    const rows = await waitFor(async () => {
      const answer = await apiJson("GET", "/logs?gatewayId=edge&apiId=echo");
      const listed = answer.body.value.filter((r: { url: string }) => r.url.startsWith("/echo?closeme=1"));
      return listed.length === open.length ? listed : null;
    }, 10_000);
    const closes = open.map((ws) => closeOf(ws));
    const requests: string[] = [];
    for (const row of rows) {
      const asked = await apiJson("POST", `/connections/${row.id}/close`, { body: { reason: "Closed by the test" } });
      expect(asked.status).toBe(202);
      requests.push(asked.body.id);
    }
    for (const closed of closes) expect(await closed).toEqual({ code: 1008, reason: "Closed by the test" });
    // The primary asked both workers; the one holding each connection closed it, and the portal heard so.
    await waitFor(() => requests.every((id) => closeRequestOutcome(id) === "closed"), 10_000);
  });
});
