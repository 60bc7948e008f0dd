import { expect, test } from "./csp-guard";
import WebSocket, { WebSocketServer } from "ws";
import type { AddressInfo } from "node:net";
import { E2E_ADMIN_TOKEN, E2E_PORTAL_URL, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";

/**
 * The README's "Add a WebSocket API and connect through the gateway", as a user runs it:
 * one PUT against the management API with the bootstrap token, then a WebSocket client
 * talks to a real echo backend through the real gateway.
 */
test("the README's curl + wscat flow: one PUT, then a client talks through the gateway; published, its AsyncAPI document is public", async ({ request }) => {
  const backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (s) => s.on("message", (m, binary) => s.send(m, { binary })));
  await new Promise((r) => backend.once("listening", r));
  const port = (backend.address() as AddressInfo).port;
  try {
    const put = await request.put(`${E2E_PORTAL_URL}/api/management/apis/readme-echo`, {
      headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}`, "Content-Type": "application/json" },
      data: { properties: { displayName: "Echo", serviceUrl: `ws://localhost:${port}`, path: "readme-echo", protocols: ["ws"], subscriptionRequired: false } },
    });
    expect(put.status()).toBe(201);
    const body = await put.json();
    expect(body).toMatchObject({ id: "/apis/readme-echo", name: "readme-echo", properties: { displayName: "Echo", type: "websocket", path: "readme-echo" } });

    // "Within a second the gateway serves it."
    const started = Date.now();
    let reply = "";
    while (!reply) {
      reply = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${E2E_PUBLIC_GATEWAY_URL}/readme-echo`);
        ws.on("open", () => ws.send("hello"));
        ws.on("message", (m) => {
          ws.close();
          resolve(m.toString());
        });
        ws.on("error", () => resolve(""));
      });
      if (!reply) await new Promise((r) => setTimeout(r, 50));
      expect(Date.now() - started).toBeLessThan(1500);
    }
    expect(reply).toBe("hello");

    // "Errors are APIM's JSON bodies, for example an unknown path."
    const notFound = await request.get(`${E2E_PUBLIC_GATEWAY_URL.replace("ws:", "http:")}/nope`);
    expect(notFound.status()).toBe(404);
    expect(await notFound.json()).toEqual({ statusCode: 404, message: "Resource not found" });

    // "The developer portal": once the API is in a published product, its AsyncAPI document is public.
    const unpublished = await request.get(`${E2E_PORTAL_URL}/api/portal/apis/readme-echo/asyncapi?format=yaml`);
    expect(unpublished.status()).toBe(404);
    const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
    const product = await request.put(`${E2E_PORTAL_URL}/api/management/products/readme-starter`, {
      headers: { ...bearer, "Content-Type": "application/json" },
      data: { properties: { displayName: "Starter", state: "published" } },
    });
    expect(product.status()).toBe(201);
    expect((await request.put(`${E2E_PORTAL_URL}/api/management/products/readme-starter/apis/readme-echo`, { headers: bearer })).status()).toBeLessThan(300);
    const yaml = await request.get(`${E2E_PORTAL_URL}/api/portal/apis/readme-echo/asyncapi?format=yaml`);
    expect(yaml.status()).toBe(200);
    const text = await yaml.text();
    expect(text).toMatch(/^asyncapi: 3\.0\.0\n/);
    expect(text).toContain("address: /readme-echo");
    expect((await request.get(`${E2E_PORTAL_URL}/api/portal/apis/readme-echo/asyncapi`)).headers()["content-type"]).toBe("application/json; charset=utf-8");
  } finally {
    await request.delete(`${E2E_PORTAL_URL}/api/management/products/readme-starter`, { headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
    await request.delete(`${E2E_PORTAL_URL}/api/management/apis/readme-echo`, { headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
    backend.close();
  }
});
