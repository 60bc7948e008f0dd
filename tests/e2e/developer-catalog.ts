import type { APIRequestContext, Page } from "@playwright/test";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { expect } from "./csp-guard";
import { E2E_ADMIN_TOKEN } from "./e2e-env";

/**
 * The developer portal spec's catalog: a real echo backend on loopback, two echo APIs, an
 * instant product and an approval-required one with a limit of one subscription, a draft product.
 */

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** A `ws` echo server on a port of its own; `close` stops it. */
export async function startEchoBackend(): Promise<{ url: string; close: () => Promise<void> }> {
  const backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => backend.once("listening", () => r()));
  return {
    url: `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => backend.close(() => r())),
  };
}

async function put(request: APIRequestContext, path: string, properties?: object): Promise<void> {
  const response = await request.put(`/api/management${path}`, { headers: bearer, data: properties ? { properties } : undefined });
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
}

/** Two echo APIs, an instant product and an approval-required one with a limit of one subscription, a draft product. */
export async function createCatalog(request: APIRequestContext, backendUrl: string): Promise<void> {
  await put(request, "/apis/dp-echo", {
    displayName: "Developer Echo",
    description: "Echoes every text and binary message back to the sender. Handy for trying a client.",
    serviceUrl: backendUrl,
    path: "dp-echo",
    protocols: ["ws"],
  });
  await put(request, "/apis/dp-prices", {
    displayName: "Market prices",
    description: "Live price ticks for every listed instrument, as JSON text messages.",
    serviceUrl: backendUrl,
    path: "dp-prices",
    protocols: ["ws"],
    subscriptionKeyParameterNames: { header: "X-Prices-Key", query: "prices-key" },
  });
  await put(request, "/apis/dp-secret", { displayName: "Unreleased", serviceUrl: backendUrl, path: "dp-secret", protocols: ["ws"] });
  await put(request, "/products/dp-starter", {
    displayName: "Starter",
    description: "Everything you need to try real-time messaging. Active at once.",
    state: "published",
  });
  await put(request, "/products/dp-starter/apis/dp-echo");
  await put(request, "/products/dp-pro", {
    displayName: "Professional",
    description: "Market data and echo for production apps. A publisher approves each subscription.",
    state: "published",
    approvalRequired: true,
    subscriptionsLimit: 1,
  });
  await put(request, "/products/dp-pro/apis/dp-echo");
  await put(request, "/products/dp-pro/apis/dp-prices");
  await put(request, "/products/dp-draft", { displayName: "Draft", state: "notPublished" });
  await put(request, "/products/dp-draft/apis/dp-secret");
}

/** Closes the toasts so screenshots show the page. */
export async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.getByTestId("toast").getByRole("button", { name: "Dismiss" });
  while ((await buttons.count()) > 0) await buttons.first().click({ timeout: 2_000 }).catch(() => {});
}

