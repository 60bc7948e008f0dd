/**
 * The self-hosted gateway protocol's portal side (/api/gateway/v1, gateway/remote/protocol.ts)
 * through its real route handlers on a prepared instance: telemetry and close requests.
 */
import { describe, expect, it } from "vitest";
import * as ackRoute from "@/app/api/gateway/v1/close-requests/ack/route";
import * as closeRequestsRoute from "@/app/api/gateway/v1/close-requests/route";
import * as telemetryRoute from "@/app/api/gateway/v1/telemetry/route";
import { getDb } from "@/server/db";
import { api, apiJson } from "@/tests/helpers/management-fixture";
import { generateToken, heartbeat, json, logRow, minuteRow, request, telemetry, useGatewaySync } from "./gateway-sync-fixture";

useGatewaySync();

describe("POST /telemetry", () => {
  it("inserts a log row, completes it later, and files both under the token's gateway", async () => {
    expect((await telemetry({ instanceId: "i-1", logs: [logRow("c-1", { gatewayId: "someone-else" })] })).status).toBe(204);
    const closedAt = Date.now();
    const completion = logRow("c-1", {
      gatewayId: "someone-else",
      closedAt,
      durationMs: 1500,
      closeCode: 1000,
      closeReason: "bye",
      closedBy: "client",
      messagesInbound: 4,
      messagesOutbound: 5,
      bytesInbound: 40,
      bytesOutbound: 50,
    });
    expect((await telemetry({ instanceId: "i-1", logs: [completion] })).status).toBe(204);
    const logs = (await apiJson("GET", "/logs?gatewayId=edge")).body.value;
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ id: "c-1", gatewayId: "edge", responseCode: 101, closeCode: 1000, closeReason: "bye", closedBy: "client", messagesInbound: 4, bytesOutbound: 50 });
    expect((await apiJson("GET", "/logs?gatewayId=someone-else")).body.value).toEqual([]);
  });

  it("leaves another gateway's log row alone when a batch reuses its id", async () => {
    await telemetry({ instanceId: "i-1", logs: [logRow("shared-id")] });
    await api("PUT", "/gateways/edge2", { body: { properties: {} } });
    const other = await generateToken("edge2");
    const response = await telemetryRoute.POST(request("/telemetry", { token: other, body: { instanceId: "x", logs: [logRow("shared-id", { closedAt: Date.now(), closeCode: 1008 })] } }));
    expect(response.status).toBe(204);
    const row = getDb().$client.prepare("SELECT gateway_id, close_code FROM gateway_logs WHERE id = 'shared-id'").get();
    expect(row).toEqual({ gateway_id: "edge", close_code: null });
  });

  it("adds minute deltas as the gateway's own writer does", async () => {
    await telemetry({ instanceId: "i-1", minutes: [minuteRow()] });
    await telemetry({ instanceId: "i-2", minutes: [minuteRow({ succeeded: 3, failed: 0, byCode: '{"101":3}', peak: 1, p50: null, p95: null, p99: null, histogram: "{}" })] });
    const row = getDb().$client.prepare("SELECT * FROM metrics_minute WHERE gateway_id = 'edge'").get() as Record<string, unknown>;
    expect(row).toMatchObject({
      api_id: "echo",
      attempts_succeeded: 5,
      attempts_failed: 1,
      messages_inbound: 20,
      bytes_outbound: 400,
      active_connections_peak: 2,
      handshake_p50_us: 900,
    });
    expect(JSON.parse(row.attempts_by_code as string)).toEqual({ "101": 5, "401": 1 });
  });

  it("answers 413 for a body over 5 MB and 400 for byCode that is not JSON counts", async () => {
    const huge = JSON.stringify({ instanceId: "i", logs: [logRow("big", { url: "x" })], padding: "p".repeat(5 * 1024 * 1024) });
    expect(await json(await telemetryRoute.POST(request("/telemetry", { rawBody: huge })))).toEqual({
      status: 413,
      body: { error: { code: "PayloadTooLarge", message: "The request body must be at most 5242880 bytes." } },
    });
    const bad = await json(await telemetry({ instanceId: "i", minutes: [minuteRow({ byCode: "not json" })] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ target: "minutes[0].byCode", message: 'must be JSON text of an object of counts, such as {"101": 3}' }]);
    expect(getDb().$client.prepare("SELECT count(*) AS n FROM gateway_logs").get()).toEqual({ n: 0 });
  });
});

describe("close requests", () => {
  it("delivers a close request for a remote gateway's connection and records the gateway's answer", async () => {
    await heartbeat("i-1");
    await telemetry({ instanceId: "i-1", logs: [logRow("conn-1")] });
    const asked = await apiJson("POST", "/connections/conn-1/close", { body: { reason: "maintenance" } });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ connectionId: "conn-1", gatewayId: "edge", state: "pending" });
    const pending = await json(await closeRequestsRoute.GET(request("/close-requests")));
    expect(pending).toEqual({ status: 200, body: { requests: [{ id: asked.body.id, connectionId: "conn-1", reason: "maintenance" }] } });
    // Another gateway sees none of them and cannot answer them.
    const managed = await generateToken("managed");
    expect((await json(await closeRequestsRoute.GET(request("/close-requests", { token: managed })))).body).toEqual({ requests: [] });
    await ackRoute.POST(request("/close-requests/ack", { token: managed, body: { results: [{ id: asked.body.id, outcome: "notFound" }] } }));
    expect((await ackRoute.POST(request("/close-requests/ack", { body: { results: [{ id: asked.body.id, outcome: "closed" }] } }))).status).toBe(204);
    expect((await json(await closeRequestsRoute.GET(request("/close-requests")))).body).toEqual({ requests: [] });
    const row = getDb().$client.prepare("SELECT outcome, done_at IS NOT NULL AS done FROM connection_close_requests").get();
    expect(row).toEqual({ outcome: "closed", done: 1 });
  });
  it("settles a request no instance answered within 30 s as notFound when the gateway next polls", async () => {
    await heartbeat("i-1");
    await telemetry({ instanceId: "i-1", logs: [logRow("conn-old"), logRow("conn-new")] });
    const old = await apiJson("POST", "/connections/conn-old/close", { body: { reason: "maintenance" } });
    const fresh = await apiJson("POST", "/connections/conn-new/close", { body: { reason: "maintenance" } });
    // Asked 31 s ago: the instance that held conn-old is gone, and the live ones answer notFound only for their own connections.
    getDb().$client.prepare("UPDATE connection_close_requests SET requested_at = ? WHERE id = ?").run(Date.now() - 31_000, old.body.id);
    getDb().$client.prepare("UPDATE connection_close_requests SET requested_at = ? WHERE id = ?").run(Date.now() - 29_000, fresh.body.id);
    const pending = await json(await closeRequestsRoute.GET(request("/close-requests")));
    expect(pending.body).toEqual({ requests: [{ id: fresh.body.id, connectionId: "conn-new", reason: "maintenance" }] });
    const outcome = getDb().$client.prepare<[string], { outcome: string | null; done: number }>("SELECT outcome, done_at IS NOT NULL AS done FROM connection_close_requests WHERE id = ?");
    expect(outcome.get(old.body.id)).toEqual({ outcome: "notFound", done: 1 });
    expect(outcome.get(fresh.body.id)).toEqual({ outcome: null, done: 0 });
    // A late answer from an instance does not change the settled outcome.
    expect((await ackRoute.POST(request("/close-requests/ack", { body: { results: [{ id: old.body.id, outcome: "closed" }] } }))).status).toBe(204);
    expect(outcome.get(old.body.id)).toEqual({ outcome: "notFound", done: 1 });
  });
});
