import { createRequire } from "node:module";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { generateAsyncApi, type AsyncApiSource } from "@/server/asyncapi/generate-asyncapi";
import { publicGateway } from "@/server/env";

const require = createRequire(import.meta.url);
/** The official AsyncAPI 3.0.0 JSON schema (Draft 07), as the AsyncAPI project publishes it. */
const schema = (require("@asyncapi/specs") as { schemas: Record<string, object> }).schemas["3.0.0"]!;
// The schema embeds the Draft 07 meta-schema among its definitions, so Ajv must not add its own copy.
const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const chat: AsyncApiSource = {
  id: "chat",
  displayName: "Chat",
  description: "Rooms and messages.",
  path: "chat/v1",
  protocols: ["ws", "wss"],
  subscriptionRequired: true,
  subscriptionKeyHeaderName: "X-Chat-Key",
  subscriptionKeyQueryName: "chat-key",
};

/** The public gateway addresses the portal derives from these variables. */
const at = (url: string, wssUrl?: string) => publicGateway({ PORTCULLIS_PUBLIC_GATEWAY_URL: url, ...(wssUrl ? { PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: wssUrl } : {}) });

function expectValid(document: unknown): void {
  const ok = validate(document);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

describe("generateAsyncApi", () => {
  it("produces a document the official AsyncAPI 3.0.0 schema accepts", () => {
    expectValid(generateAsyncApi(chat, at("wss://gateway.example.com")));
  });

  it("stays valid for a key-less API on a gateway URL with a port and a base path, and after a YAML round trip", () => {
    const open = { ...chat, subscriptionRequired: false, protocols: ["ws" as const] };
    const document = generateAsyncApi(open, at("ws://localhost:8080/ws-gateway/"));
    expectValid(document);
    expectValid(parseYaml(stringifyYaml(document, { aliasDuplicateObjects: false })));
    expect(document.components.securitySchemes).toBeUndefined();
    expect(document.servers["gateway-ws"]).toEqual(expect.not.objectContaining({ security: expect.anything() }));
    expect(document.channels.chat!.bindings.ws).toEqual({ method: "GET", bindingVersion: "0.1.0" });
  });

  it("is a 3.0.0 document titled after the API", () => {
    const document = generateAsyncApi(chat, at("wss://gateway.example.com"));
    expect(document.asyncapi).toBe("3.0.0");
    expect(document.info.title).toBe("Chat");
    expect(document.info.version).toBe("1.0.0");
    expect(document.info.description).toContain("Rooms and messages.");
  });

  it("has one server per scheme the API accepts and a gateway serves, the gateway's own scheme first, on that address's host and base path", () => {
    const document = generateAsyncApi(chat, at("ws://gw.internal:8080/base", "wss://tls.example.com/edge"));
    expect(Object.keys(document.servers)).toEqual(["gateway-ws", "gateway-wss"]);
    expect(document.servers["gateway-ws"]).toMatchObject({ host: "gw.internal:8080", protocol: "ws", pathname: "/base" });
    expect(document.servers["gateway-wss"]).toMatchObject({ host: "tls.example.com", protocol: "wss", pathname: "/edge" });
    const wssOnly = generateAsyncApi({ ...chat, protocols: ["wss"] }, at("wss://gateway.example.com"));
    expect(wssOnly.servers).toEqual({ "gateway-wss": expect.objectContaining({ host: "gateway.example.com", protocol: "wss" }) });
    expect(wssOnly.servers["gateway-wss"]!.pathname).toBeUndefined();
  });

  it("publishes no wss server on a gateway without TLS, and no server at all for a wss-only API there", () => {
    const document = generateAsyncApi(chat, at("ws://gw.internal:8080"));
    expect(Object.keys(document.servers)).toEqual(["gateway-ws"]);
    const wssOnly = generateAsyncApi({ ...chat, protocols: ["wss"] }, at("ws://gw.internal:8080"));
    expect(wssOnly.servers).toEqual({});
    expectValid(wssOnly);
  });

  it("has one channel at the API's path with text and binary messages, and send and receive operations on it", () => {
    const document = generateAsyncApi(chat, at("wss://gateway.example.com"));
    expect(Object.keys(document.channels)).toEqual(["chat"]);
    expect(document.channels.chat!.address).toBe("/chat/v1");
    expect(document.channels.chat!.messages).toEqual({
      text: { $ref: "#/components/messages/text" },
      binary: { $ref: "#/components/messages/binary" },
    });
    expect(document.components.messages.text).toMatchObject({ contentType: "text/plain", payload: { type: "string" } });
    expect(document.components.messages.binary).toMatchObject({ contentType: "application/octet-stream", payload: { type: "string", format: "binary" } });
    expect(document.operations.send).toMatchObject({ action: "send", channel: { $ref: "#/channels/chat" } });
    expect(document.operations.receive).toMatchObject({ action: "receive", channel: { $ref: "#/channels/chat" } });
    expect(document.operations.send.messages).toEqual([{ $ref: "#/channels/chat/messages/text" }, { $ref: "#/channels/chat/messages/binary" }]);
  });

  it("names the API's own key header and query parameter as httpApiKey schemes applied to every server, and in the ws binding", () => {
    const document = generateAsyncApi(chat, at("wss://gateway.example.com"));
    expect(document.components.securitySchemes).toEqual({
      subscriptionKeyHeader: expect.objectContaining({ type: "httpApiKey", in: "header", name: "X-Chat-Key" }),
      subscriptionKeyQuery: expect.objectContaining({ type: "httpApiKey", in: "query", name: "chat-key" }),
    });
    for (const server of Object.values(document.servers)) {
      expect(server.security).toEqual([
        { $ref: "#/components/securitySchemes/subscriptionKeyHeader" },
        { $ref: "#/components/securitySchemes/subscriptionKeyQuery" },
      ]);
    }
    const ws = document.channels.chat!.bindings.ws;
    expect(ws.method).toBe("GET");
    expect(ws.query).toEqual({ type: "object", properties: { "chat-key": expect.objectContaining({ type: "string" }) } });
    expect(ws.headers).toEqual({ type: "object", properties: { "X-Chat-Key": expect.objectContaining({ type: "string" }) } });
  });

  it("is refused by the schema when broken, so the validation above can fail", () => {
    const document = generateAsyncApi(chat, at("wss://gateway.example.com")) as unknown as Record<string, unknown>;
    expect(validate({ ...document, asyncapi: "2.6.0" })).toBe(false);
    expect(validate({ ...document, operations: { send: { action: "publish", channel: { $ref: "#/channels/chat" } } } })).toBe(false);
    expect(validate({ ...document, servers: { gateway: { protocol: "ws" } } })).toBe(false);
    const channels = document.channels as Record<string, { bindings: { ws: object } }>;
    expect(validate({ ...document, channels: { chat: { ...channels.chat, bindings: { ws: { method: "PUT", bindingVersion: "0.1.0" } } } } })).toBe(false);
  });
});
