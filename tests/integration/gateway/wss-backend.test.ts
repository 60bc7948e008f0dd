import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";
import { makeTestCertificates } from "../../helpers/test-certificates";

let tmp: TempDatabase;
let tlsServer: https.Server;
let wss: WebSocketServer;
let trusting: GatewayProcess;
let distrusting: GatewayProcess;

function connect(url: string): Promise<{ status: number; body: string; echo?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("open", () => ws.send("over tls"));
    ws.on("message", (data) => {
      ws.close();
      resolve({ status: 101, body: "", echo: data.toString() });
    });
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on("error", reject);
  });
}

function lastLogRow(apiId: string) {
  return tmp.db.$client
    .prepare("SELECT response_code, last_error_reason, last_error_message FROM gateway_logs WHERE api_id = ? ORDER BY time DESC LIMIT 1")
    .get(apiId) as { response_code: number; last_error_reason: string; last_error_message: string } | undefined;
}

beforeAll(async () => {
  tmp = createTempDatabase();
  const certs = makeTestCertificates(tmp.dir);
  tlsServer = https.createServer({ cert: certs.cert, key: certs.key });
  wss = new WebSocketServer({ server: tlsServer });
  wss.on("connection", (ws) => ws.on("message", (m, binary) => ws.send(m, { binary })));
  await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", r));
  const port = (tlsServer.address() as AddressInfo).port;
  insertApi(tmp.db, { id: "by-name", path: "by-name", serviceUrl: `wss://localhost:${port}` });
  insertApi(tmp.db, { id: "by-ip", path: "by-ip", serviceUrl: `wss://127.0.0.1:${port}` });
  trusting = await startGateway(tmp.file, { GATEWAY_BACKEND_CA_FILE: certs.caFile });
  distrusting = await startGateway(tmp.file);
});

afterAll(async () => {
  await trusting?.stop();
  await distrusting?.stop();
  wss?.close();
  tlsServer?.close();
  tmp?.cleanup();
});

describe("wss:// backends", () => {
  it("connects when the certificate is trusted and names the host", async () => {
    expect(await connect(trusting.url("/by-name"))).toEqual({ status: 101, body: "", echo: "over tls" });
  });

  it("refuses with 502 when the certificate does not match the host name", async () => {
    const result = await connect(trusting.url("/by-ip"));
    expect(result.status).toBe(502);
    expect(JSON.parse(result.body)).toEqual({ statusCode: 502, message: "Backend TLS certificate does not match its host name." });
    const row = await waitFor(() => lastLogRow("by-ip"));
    expect(row).toMatchObject({ response_code: 502, last_error_reason: "BackendConnectionFailed" });
  });

  it("refuses with 502 when the certificate's issuer is not trusted", async () => {
    const result = await connect(distrusting.url("/by-name"));
    expect(result.status).toBe(502);
    expect(JSON.parse(result.body).message).toMatch(/^Backend TLS certificate is not trusted \(/);
  });
});
