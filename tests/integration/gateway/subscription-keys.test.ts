import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { productApis, products, type SubscriptionState } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { insertSubscription } from "../../helpers/insert-subscription";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

const MISSING =
  "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";
const INVALID = "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.";

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;

function addSubscription(id: string, scope: string, state: SubscriptionState = "active"): { primary: string; secondary: string } {
  return insertSubscription(tmp.db, tmp.file, { id, scope, state });
}

/** Opens a WebSocket and resolves with the HTTP status (101 on success) and body of a refusal. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => {
      ws.close();
      resolve({ status: 101, body: "" });
    });
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on("error", reject);
  });
}

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  insertApi(tmp.db, { id: "chat", path: "chat", serviceUrl: backend.url(), subscriptionRequired: true });
  insertApi(tmp.db, { id: "other", path: "other", serviceUrl: backend.url(), subscriptionRequired: true });
  tmp.db.insert(products).values({ id: "starter", displayName: "Starter", state: "published" }).run();
  tmp.db.insert(productApis).values({ productId: "starter", apiId: "chat" }).run();
  gateway = await startGateway(tmp.file);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

describe("subscription keys at the handshake", () => {
  it("refuses a handshake without a key with APIM's 401 body", async () => {
    const result = await handshake(gateway.url("/chat"));
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toEqual({ statusCode: 401, message: MISSING });
  });

  it("refuses an unknown key", async () => {
    const result = await handshake(gateway.url("/chat"), { "Ocp-Apim-Subscription-Key": "0".repeat(32) });
    expect(result).toEqual({ status: 401, body: JSON.stringify({ statusCode: 401, message: INVALID }) });
  });

  it("accepts the primary key in the header (any header-name case) and the secondary in the query", async () => {
    const keys = addSubscription("sub-all", "/apis");
    await waitFor(async () => (await handshake(gateway.url("/chat"), { "ocp-apim-subscription-key": keys.primary })).status === 101, 2000);
    expect((await handshake(gateway.url(`/chat?subscription-key=${keys.secondary}&room=1`))).status).toBe(101);
    const seen = backend.requests.at(-1)!;
    expect(seen.url).toBe("/?room=1");
    expect(seen.headers["ocp-apim-subscription-key"]).toBeUndefined();
  });

  it("redacts the query key in the log row and attributes the subscription", async () => {
    const keys = addSubscription("sub-redact", "/apis/chat");
    await waitFor(async () => (await handshake(gateway.url(`/chat?subscription-key=${keys.primary}`))).status === 101, 2000);
    const row = await waitFor(
      () =>
        tmp.db.$client
          .prepare("SELECT url, subscription_id, response_code FROM gateway_logs WHERE subscription_id = 'sub-redact' AND response_code = 101")
          .get() as { url: string; subscription_id: string; response_code: number } | undefined,
    );
    expect(row.url).toBe("/chat?subscription-key=***");
    const all = tmp.db.$client.prepare("SELECT url FROM gateway_logs").all() as { url: string }[];
    expect(all.some((r) => r.url.includes(keys.primary))).toBe(false);
  });

  it("refuses a key whose scope does not cover the API, and a suspended subscription", async () => {
    const chatOnly = addSubscription("sub-chat-only", "/apis/chat");
    const suspended = addSubscription("sub-suspended", "/apis", "suspended");
    await waitFor(async () => (await handshake(gateway.url("/chat"), { "Ocp-Apim-Subscription-Key": chatOnly.primary })).status === 101, 2000);
    expect((await handshake(gateway.url("/other"), { "Ocp-Apim-Subscription-Key": chatOnly.primary })).status).toBe(401);
    expect((await handshake(gateway.url("/chat"), { "Ocp-Apim-Subscription-Key": suspended.primary })).status).toBe(401);
  });

  it("accepts a product-scoped key only on the product's APIs", async () => {
    const keys = addSubscription("sub-starter", "/products/starter");
    await waitFor(async () => (await handshake(gateway.url("/chat"), { "Ocp-Apim-Subscription-Key": keys.primary })).status === 101, 2000);
    expect((await handshake(gateway.url("/other"), { "Ocp-Apim-Subscription-Key": keys.primary })).status).toBe(401);
    const row = await waitFor(
      () =>
        tmp.db.$client.prepare("SELECT product_id FROM gateway_logs WHERE subscription_id = 'sub-starter' AND response_code = 101").get() as
          | { product_id: string }
          | undefined,
    );
    expect(row.product_id).toBe("starter");
  });

  it("refuses a key in the wrong case: keys are secrets compared exactly, only header names ignore case", async () => {
    const keys = addSubscription("sub-case", "/apis");
    await waitFor(async () => (await handshake(gateway.url("/chat"), { "OCP-APIM-SUBSCRIPTION-KEY": keys.primary })).status === 101, 2000);
    const upper = keys.primary.toUpperCase();
    expect(upper).not.toBe(keys.primary);
    expect(await handshake(gateway.url("/chat"), { "Ocp-Apim-Subscription-Key": upper })).toEqual({
      status: 401,
      body: JSON.stringify({ statusCode: 401, message: INVALID }),
    });
    expect((await handshake(gateway.url(`/chat?subscription-key=${upper}`))).status).toBe(401);
  });
});
