import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { startMosquitto, type Mosquitto } from "@/tests/helpers/mosquitto";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

/** Connects an MQTT client over WebSocket and keeps the socket, to read the negotiated subprotocol. */
async function connectMqtt(url: string, clientId: string): Promise<{ client: MqttClient; socket: () => WebSocket }> {
  let socket: WebSocket | null = null;
  const client = mqtt.connect(url, {
    clientId,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    createWebsocket: (wsUrl: string, protocols: string[]) => (socket = new WebSocket(wsUrl, protocols)),
  });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("error", reject);
  });
  return { client, socket: () => socket! };
}

function nextMessage(client: MqttClient, topic: string): Promise<{ payload: string; qos: number }> {
  return new Promise((resolve) =>
    client.on("message", (t, payload, packet) => {
      if (t === topic) resolve({ payload: payload.toString(), qos: packet.qos });
    }),
  );
}

describe("MQTT over WebSocket to mosquitto through the gateway", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let broker: Mosquitto;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    temp = createTempDatabase();
    broker = await startMosquitto();
    insertApi(temp.db, { id: "mqtt", path: "mqtt", serviceUrl: `ws://127.0.0.1:${broker.port}` });
    gateway = await startGateway(temp.file);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await gateway?.stop();
    await broker?.stop();
    temp?.cleanup();
  });

  it("negotiates the mqtt subprotocol end to end", async () => {
    const { client, socket } = await connectMqtt(gateway.url("/mqtt"), "through-gateway-1");
    clients.push(client);

    expect(socket().protocol).toBe("mqtt");
  });

  it("subscribes, publishes and receives at QoS 0 and QoS 1 through the gateway", async () => {
    const { client } = await connectMqtt(gateway.url("/mqtt"), "through-gateway-2");
    clients.push(client);
    const granted = await client.subscribeAsync({ "portcullis/q0": { qos: 0 }, "portcullis/q1": { qos: 1 } });
    expect(granted.map((g) => [g.topic, g.qos])).toEqual([
      ["portcullis/q0", 0],
      ["portcullis/q1", 1],
    ]);

    const q0 = nextMessage(client, "portcullis/q0");
    await client.publishAsync("portcullis/q0", "fire and forget", { qos: 0 });
    expect(await q0).toEqual({ payload: "fire and forget", qos: 0 });

    const acknowledged: (number | undefined)[] = [];
    client.on("packetreceive", (packet) => {
      if (packet.cmd === "puback") acknowledged.push(packet.messageId);
    });
    const q1 = nextMessage(client, "portcullis/q1");
    const sent = await client.publishAsync("portcullis/q1", "at least once", { qos: 1 });
    // Resolved on the broker's PUBACK, which came back through the gateway.
    expect(sent?.messageId).toBeGreaterThan(0);
    expect(acknowledged).toEqual([sent!.messageId]);
    expect(await q1).toEqual({ payload: "at least once", qos: 1 });
  });

  it("reaches the same broker as a client connected to it directly over TCP", async () => {
    const through = await connectMqtt(gateway.url("/mqtt"), "through-gateway-3");
    const direct = { client: await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, { clientId: "direct-1", reconnectPeriod: 0 }) };
    clients.push(through.client, direct.client);
    await through.client.subscribeAsync("portcullis/from-direct", { qos: 1 });
    await direct.client.subscribeAsync("portcullis/from-gateway", { qos: 1 });

    const atThrough = nextMessage(through.client, "portcullis/from-direct");
    const atDirect = nextMessage(direct.client, "portcullis/from-gateway");
    await direct.client.publishAsync("portcullis/from-direct", "hello gateway", { qos: 1 });
    await through.client.publishAsync("portcullis/from-gateway", "hello broker", { qos: 1 });

    expect(await atThrough).toEqual({ payload: "hello gateway", qos: 1 });
    expect(await atDirect).toEqual({ payload: "hello broker", qos: 1 });
  });
});
