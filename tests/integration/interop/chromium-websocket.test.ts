import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type EchoBackend } from "@/tests/helpers/echo-backend";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

describe("Chromium's own WebSocket through the gateway", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let backend: EchoBackend;
  let browser: Browser;
  let page: Page;
  let site: http.Server;

  beforeAll(async () => {
    temp = createTempDatabase();
    backend = await startEchoBackend();
    insertApi(temp.db, { id: "echo", path: "echo", serviceUrl: backend.url("/echo") });
    gateway = await startGateway(temp.file);
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    // Chromium's Local Network Access checks block about:blank from opening ws://127.0.0.1
    // (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS); a page served from loopback may, as a web
    // app on the same host would.
    site = http.createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>portcullis</title>"));
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await gateway?.stop();
    await backend?.close();
    temp?.cleanup();
  });

  it("echoes text and binary messages and delivers the browser's Close 1000 'done' to the backend", async () => {
    const backendClose = new Promise<{ code: number; reason: string }>((resolve) =>
      backend.server.once("connection", (ws) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() }))),
    );

    const seen = await page.evaluate(async (url) => {
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      const messages: { type: string; value: string | number[] }[] = [];
      const received = new Promise<void>((resolve, reject) => {
        ws.onmessage = (event: MessageEvent) => {
          messages.push(
            typeof event.data === "string" ? { type: "text", value: event.data } : { type: "binary", value: [...new Uint8Array(event.data as ArrayBuffer)] },
          );
          if (messages.length === 2) resolve();
        };
        ws.onerror = () => reject(new Error("WebSocket error"));
      });
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onclose = (event) => reject(new Error(`closed before open: ${event.code}`));
      });
      ws.send("héllo from chromium");
      ws.send(new Uint8Array([0, 1, 2, 253, 254, 255]).buffer);
      await received;
      const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve) => {
        ws.onclose = (event) => resolve({ code: event.code, reason: event.reason, wasClean: event.wasClean });
      });
      ws.close(1000, "done");
      return { protocol: ws.protocol, messages, close: await closed };
    }, gateway.url("/echo"));

    expect(seen.messages).toEqual([
      { type: "text", value: "héllo from chromium" },
      { type: "binary", value: [0, 1, 2, 253, 254, 255] },
    ]);
    expect(seen.close).toEqual({ code: 1000, reason: "done", wasClean: true });
    expect(await backendClose).toEqual({ code: 1000, reason: "done" });
    expect(backend.requests.at(-1)!.url).toBe("/echo");
    expect(backend.requests.at(-1)!.headers["user-agent"]).toContain("Chrome");
  });

  it("fires error then close 1006 when the gateway refuses the handshake", async () => {
    const requestsBefore = backend.requests.length;

    const events = await page.evaluate(async (url) => {
      const ws = new WebSocket(url);
      const seen: string[] = [];
      return await new Promise<string[]>((resolve) => {
        ws.onopen = () => seen.push("open");
        ws.onerror = () => seen.push("error");
        ws.onclose = (event) => {
          seen.push(`close ${event.code} clean=${event.wasClean}`);
          resolve(seen);
        };
      });
    }, gateway.url("/no-such-api"));

    expect(events).toEqual(["error", "close 1006 clean=false"]);
    expect(backend.requests.length).toBe(requestsBefore);
    // It was the gateway's 404 the browser met.
    const row = await waitForLogRow(temp.db, "/no-such-api");
    expect(row).toMatchObject({ responseCode: 404, lastErrorReason: "ApiNotFound" });
  });
});
