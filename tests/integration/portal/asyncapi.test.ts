/** GET /api/portal/apis/{apiId}/asyncapi: the generated AsyncAPI document, for who may see the API. */
import { createRequire } from "node:module";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/portal/apis/[apiId]/asyncapi/route";
import { ADMIN_TOKEN, api, createProduct, DEVELOPER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

const require = createRequire(import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
addFormats(ajv);
const validate = ajv.compile((require("@asyncapi/specs") as { schemas: Record<string, object> }).schemas["3.0.0"]!);

beforeAll(async () => {
  process.env.PORTCULLIS_PUBLIC_GATEWAY_URL = "wss://gateway.example.com";
  await setUpManagementApi();
});
afterAll(() => {
  tearDownManagementApi();
  delete process.env.PORTCULLIS_PUBLIC_GATEWAY_URL;
});
beforeEach(async () => {
  resetData();
  const put = await api("PUT", "/apis/chat", {
    body: {
      properties: {
        displayName: "Chat",
        description: "Rooms and messages.",
        serviceUrl: "wss://backend.example.com/ws",
        path: "chat",
        protocols: ["wss"],
        subscriptionKeyParameterNames: { header: "X-Chat-Key", query: "chat-key" },
      },
    },
  });
  expect(put.status).toBe(201);
  await createProduct("starter");
  expect((await api("PUT", "/products/starter/apis/chat")).status).toBeLessThan(300);
});

async function asyncapi(apiId: string, query = "", token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return GET(new Request(`http://portal.test/api/portal/apis/${apiId}/asyncapi${query}`, { headers }), { params: Promise.resolve({ apiId }) });
}

describe("the AsyncAPI route", () => {
  it("answers a published API's document as JSON to anyone, valid against the AsyncAPI 3.0.0 schema", async () => {
    const response = await asyncapi("chat");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const document = await response.json();
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.info.title).toBe("Chat");
    expect(document.servers).toEqual({ "gateway-wss": expect.objectContaining({ host: "gateway.example.com", protocol: "wss" }) });
    expect(document.channels.chat.address).toBe("/chat");
    expect(document.components.securitySchemes.subscriptionKeyQuery).toMatchObject({ in: "query", name: "chat-key" });
  });

  it("answers YAML with ?format=yaml, the same document, and a file name with &download", async () => {
    const json = await (await asyncapi("chat")).json();
    const response = await asyncapi("chat", "?format=yaml&download=1");
    expect(response.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="chat-asyncapi.yaml"');
    const text = await response.text();
    expect(text).toMatch(/^asyncapi: 3\.0\.0\n/);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(parseYaml(text)).toEqual(json);
  });

  it("hides an API in no published product from visitors and developers, not from administrators", async () => {
    expect((await api("PATCH", "/products/starter", { body: { properties: { state: "notPublished" } } })).status).toBe(200);
    const anonymous = await asyncapi("chat");
    expect(anonymous.status).toBe(404);
    expect((await anonymous.json()).error).toEqual({ code: "NotFound", message: "API 'chat' not found." });
    expect((await asyncapi("chat", "", DEVELOPER_TOKEN)).status).toBe(404);
    expect((await asyncapi("chat", "", ADMIN_TOKEN)).status).toBe(200);
  });

  it("answers 404 for an unknown API and 400 for an unknown format", async () => {
    expect((await asyncapi("nope")).status).toBe(404);
    const bad = await asyncapi("chat", "?format=xml");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([{ target: "format", message: 'must be one of "json", "yaml"' }]);
  });
});

describe("the AsyncAPI servers, as the gateways serve them", () => {
  const saved = { ...process.env };
  beforeEach(async () => {
    expect((await api("PATCH", "/apis/chat", { body: { properties: { protocols: ["ws", "wss"] } } })).status).toBe(200);
    for (const name of ["PORTCULLIS_PUBLIC_GATEWAY_URL", "PORTCULLIS_PUBLIC_GATEWAY_WSS_URL", "GATEWAY_TLS_CERT_FILE", "GATEWAY_TLS_KEY_FILE"]) delete process.env[name];
    process.env.GATEWAY_PORT = "18080";
  });
  afterAll(() => {
    for (const name of ["PORTCULLIS_PUBLIC_GATEWAY_WSS_URL", "GATEWAY_TLS_CERT_FILE", "GATEWAY_TLS_KEY_FILE", "GATEWAY_PORT"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  const servers = async () => (await (await asyncapi("chat")).json()).servers as Record<string, { host: string; protocol: string }>;

  it("lists only ws:// for an API accepting both on a gateway without TLS", async () => {
    expect(await servers()).toEqual({ "gateway-ws": expect.objectContaining({ host: "localhost:18080", protocol: "ws" }) });
  });

  it("lists only wss:// when the gateway has GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE", async () => {
    process.env.GATEWAY_TLS_CERT_FILE = "/etc/portcullis/cert.pem";
    process.env.GATEWAY_TLS_KEY_FILE = "/etc/portcullis/key.pem";
    expect(await servers()).toEqual({ "gateway-wss": expect.objectContaining({ host: "localhost:18080", protocol: "wss" }) });
  });

  it("lists the TLS front end of PORTCULLIS_PUBLIC_GATEWAY_WSS_URL beside the ws:// gateway", async () => {
    process.env.PORTCULLIS_PUBLIC_GATEWAY_WSS_URL = "wss://edge.example.com";
    expect(await servers()).toEqual({
      "gateway-ws": expect.objectContaining({ host: "localhost:18080", protocol: "ws" }),
      "gateway-wss": expect.objectContaining({ host: "edge.example.com", protocol: "wss" }),
    });
  });

  it("lists no server, and stays a valid document, for a wss-only API on a gateway without TLS", async () => {
    expect((await api("PATCH", "/apis/chat", { body: { properties: { protocols: ["wss"] } } })).status).toBe(200);
    const document = await (await asyncapi("chat")).json();
    expect(document.servers).toEqual({});
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });
});
