import type { AddressInfo } from "node:net";
import type { IncomingMessage } from "node:http";
import { WebSocketServer, type ServerOptions, type WebSocket } from "ws";

export interface EchoBackend {
  server: WebSocketServer;
  port: number;
  url: (path?: string) => string;
  /** Upgrade requests seen, newest last. */
  requests: IncomingMessage[];
  sockets: Set<WebSocket>;
  close: () => Promise<void>;
}

/** A real `ws` server on loopback that echoes every message with its type. */
export async function startEchoBackend(options: ServerOptions = {}): Promise<EchoBackend> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, ...options });
  const requests: IncomingMessage[] = [];
  const sockets = new Set<WebSocket>();
  server.on("connection", (ws, req) => {
    requests.push(req);
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: (path = "") => `ws://127.0.0.1:${port}${path}`,
    requests,
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const ws of sockets) ws.terminate();
        server.close(() => r());
      }),
  };
}
