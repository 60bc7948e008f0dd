/**
 * DESIGN.md §3: "deleting an API or revoking a subscription can close its open connections
 * (1008) when asked to". A real gateway on a temp database, real `ws` clients through it to a
 * real echo backend; the portal's own operations (what DELETE /apis/{id}?closeConnections=true
 * and PATCH or DELETE /subscriptions/{sid}?closeConnections=true run) write the close requests.
 * Asked: exactly that API's or subscription's connections close with 1008 and the reason.
 * Not asked: they stay open, as any other configuration change leaves them.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connectionCloseRequests } from "@/db/schema/index";
import { deleteApi } from "@/server/apis/delete-api";
import { deleteSubscription } from "@/server/subscriptions/delete-subscription";
import { patchSubscription } from "@/server/subscriptions/patch-subscription";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { insertSubscription } from "../../helpers/insert-subscription";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;
const keys = new Map<string, string>();
const ADMIN = { role: "administrator", userId: null } as const;
const ASKED = { closeConnections: { requestedBy: "test-admin" } };

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  insertApi(tmp.db, { id: "chat", path: "chat", serviceUrl: backend.url(), subscriptionRequired: true });
  insertApi(tmp.db, { id: "feed", path: "feed", serviceUrl: backend.url() });
  insertApi(tmp.db, { id: "prices", path: "prices", serviceUrl: backend.url() });
  for (const id of ["alice", "bob", "carol"]) keys.set(id, insertSubscription(tmp.db, tmp.file, { id, scope: "/apis/chat" }).primary);
  gateway = await startGateway(tmp.file);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

interface Opened {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a connection through the gateway and waits until its log row is written (what a close request finds). */
async function open(path: string, subscription?: string): Promise<Opened> {
  const headers: Record<string, string> = subscription ? { "Ocp-Apim-Subscription-Key": keys.get(subscription)! } : {};
  const ws = new WebSocket(gateway.url(path), { headers });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  await waitForLogRow(tmp.db, path);
  return { ws, closed };
}

/** Still relaying both ways: a message comes back from the echo backend. */
async function echoes(connection: Opened): Promise<boolean> {
  const back = new Promise<string>((resolve) => connection.ws.once("message", (data) => resolve(String(data))));
  connection.ws.send("still here?");
  return (await back) === "still here?";
}

/** Waits long enough for the gateway to have picked up any close request (it polls every 100 ms). */
async function afterAPoll(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 600));
}

describe("closing an API's or a subscription's open connections when asked to", () => {
  it("suspending a subscription without asking leaves its connections open; asking closes exactly its own with 1008", async () => {
    const alice = await open("/chat?who=alice", "alice");
    const bob = await open("/chat?who=bob", "bob");
    const feed = await open("/feed?who=anyone");

    patchSubscription(tmp.db, "bob", { state: "suspended" }, ADMIN);
    await afterAPoll();
    expect(await echoes(bob)).toBe(true);

    patchSubscription(tmp.db, "alice", { state: "suspended" }, ADMIN, ASKED);
    expect(await alice.closed).toEqual({ code: 1008, reason: "Subscription suspended" });
    const row = await waitForLogRow(tmp.db, "/chat?who=alice", (r) => r.closedAt !== null);
    expect(row).toMatchObject({ closeCode: 1008, closeReason: "Subscription suspended", closedBy: "gateway", subscriptionId: "alice" });
    await waitFor(() => tmp.db.select().from(connectionCloseRequests).where(eq(connectionCloseRequests.logId, row.id)).get()?.outcome === "closed");

    // Bob (suspended earlier, not asked) and the keyless feed are untouched.
    expect(await echoes(bob)).toBe(true);
    expect(await echoes(feed)).toBe(true);
    // Reactivating never closes, even when asked: the subscription lets its callers in again.
    patchSubscription(tmp.db, "bob", { state: "active" }, ADMIN, ASKED);
    await afterAPoll();
    expect(await echoes(bob)).toBe(true);

    // Deleting a subscription, asked: its connections close with their own reason.
    deleteSubscription(tmp.db, "bob", ASKED);
    expect(await bob.closed).toEqual({ code: 1008, reason: "Subscription deleted" });
    expect(await echoes(feed)).toBe(true);
    feed.ws.close();
  });

  it("deleting an API, asked, closes every open connection on it (and only those); a connection's second request is not filed", async () => {
    const one = await open("/prices?n=1");
    const two = await open("/prices?n=2");
    const carol = await open("/chat?who=carol", "carol");

    expect(deleteApi(tmp.db, "prices", ASKED)).toBe(true);
    const requests = tmp.db.select().from(connectionCloseRequests).where(eq(connectionCloseRequests.reason, "API deleted")).all();
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.requestedBy === "test-admin" && r.gatewayId === "managed")).toBe(true);
    expect(await one.closed).toEqual({ code: 1008, reason: "API deleted" });
    expect(await two.closed).toEqual({ code: 1008, reason: "API deleted" });
    expect(await echoes(carol)).toBe(true);

    // Cancelled while a close request for its connection is still pending: one request, not two.
    tmp.db.delete(connectionCloseRequests).run();
    const carolRow = await waitForLogRow(tmp.db, "/chat?who=carol");
    tmp.db.insert(connectionCloseRequests).values({ id: "pending", logId: carolRow.id, gatewayId: "nowhere", reason: "earlier", requestedBy: "x", requestedAt: new Date() }).run();
    patchSubscription(tmp.db, "carol", { state: "cancelled" }, ADMIN, ASKED);
    expect(tmp.db.select().from(connectionCloseRequests).all().map((r) => r.id)).toEqual(["pending"]);
    carol.ws.close();
  });
});
