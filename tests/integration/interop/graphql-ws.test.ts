import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { createClient, type Client } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

// graphql-ws runs outside Vite's transform and loads graphql's CommonJS build, while an
// import here would get its ES module build: two realms whose schemas do not recognise each
// other. Loading it the way graphql-ws does keeps one realm.
const { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } = createRequire(import.meta.url)(
  "graphql",
) as typeof import("graphql");

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: { hello: { type: new GraphQLNonNull(GraphQLString), resolve: () => "world" } },
  }),
  subscription: new GraphQLObjectType({
    name: "Subscription",
    fields: {
      countdown: {
        type: new GraphQLNonNull(GraphQLInt),
        args: { from: { type: new GraphQLNonNull(GraphQLInt) } },
        subscribe: async function* (_root: unknown, args: { from: number }) {
          for (let n = args.from; n > args.from - 5; n--) {
            await new Promise((r) => setTimeout(r, 10));
            yield { countdown: n };
          }
        },
      },
    },
  }),
});

describe("graphql-ws through the gateway", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let server: WebSocketServer;
  let client: Client;
  /** Subprotocols the GraphQL server saw accepted, one per connection. */
  const serverProtocols: string[] = [];

  beforeAll(async () => {
    temp = createTempDatabase();
    server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/graphql" });
    useServer({ schema, onConnect: (ctx) => void serverProtocols.push(ctx.extra.socket.protocol) }, server);
    await new Promise<void>((r) => server.once("listening", () => r()));
    insertApi(temp.db, { id: "graphql", path: "graphql", serviceUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
    gateway = await startGateway(temp.file);
  });

  afterAll(async () => {
    await client?.dispose();
    await gateway?.stop();
    for (const ws of server?.clients ?? []) ws.terminate();
    await new Promise((r) => server?.close(r));
    temp?.cleanup();
  });

  it("streams every value of a subscription over graphql-transport-ws", async () => {
    let socket: WebSocket | null = null;
    client = createClient({
      url: gateway.url("/graphql"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      lazyCloseTimeout: 5000, // both operations share one connection through the gateway
      on: { connected: (s) => (socket = s as WebSocket) },
    });

    const values: unknown[] = [];
    for await (const result of client.iterate({ query: "subscription { countdown(from: 5) }" })) values.push(result);
    const query = await client.iterate({ query: "{ hello }" }).next();

    expect(values).toEqual([5, 4, 3, 2, 1].map((n) => ({ data: { countdown: n } })));
    expect(query.value).toEqual({ data: { hello: "world" } });
    expect(socket!.protocol).toBe("graphql-transport-ws");
    expect(serverProtocols).toEqual(["graphql-transport-ws"]);
  });
});
