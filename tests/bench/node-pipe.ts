/**
 * The bench's NODE-PIPE target, forked by run.ts: the least a stream-based Node relay can do.
 * Each accepted connection gets a TCP connection to the backend and bytes are copied both
 * ways, the handshake included (no parsing, no frames, no policies): one `data` callback, one
 * Buffer and one `write()` per chunk, with the pause/drain pair as its only flow control.
 * What a relay built on `net.Socket` streams costs is at least this; the gateway's gap to it
 * is its own logic, and its gap below it can only come from leaving the streams behind.
 * Argument: the backend's port. Sends `{ port }` over IPC once listening.
 */
import net from "node:net";

const backendPort = Number(process.argv[2]);
if (!Number.isInteger(backendPort) || backendPort <= 0) throw new Error(`node-pipe: bad backend port ${process.argv[2]}`);

/** Copies `from` into `to`, pausing `from` while `to` is full; ends `to` when `from` ends. */
function relay(from: net.Socket, to: net.Socket): void {
  from.on("data", (chunk: Buffer) => {
    if (!to.write(chunk)) from.pause();
  });
  to.on("drain", () => from.resume());
  from.on("end", () => to.end());
  from.on("close", () => to.destroy());
  from.on("error", () => from.destroy());
}

const server = net.createServer({ noDelay: true }, (client) => {
  const backend = net.connect({ host: "127.0.0.1", port: backendPort, noDelay: true });
  relay(client, backend);
  relay(backend, client);
});
server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
  process.send!({ port: (server.address() as net.AddressInfo).port });
});
process.on("disconnect", () => process.exit(0));
