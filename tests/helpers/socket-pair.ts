import net, { type AddressInfo, type Socket } from "node:net";

/** Two connected loopback sockets, both allowing half-open (as the gateway's do); the caller destroys them. */
export async function loopbackSocketPair(): Promise<[Socket, Socket]> {
  const server = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
  const near = net.connect({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, allowHalfOpen: true });
  await new Promise<void>((resolve) => near.once("connect", resolve));
  const far = await accepted;
  server.close();
  return [near, far];
}
