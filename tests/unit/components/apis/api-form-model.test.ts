import { describe, expect, it } from "vitest";
import {
  EMPTY_API_FORM,
  fromApiContract,
  gatewayUrlFor,
  serverFieldErrors,
  toApiProperties,
  validateApiForm,
} from "@/components/apis/api-form-model";
import { slugify } from "@/components/apis/slugify";
import { apiIdSchema } from "@/server/apis/api.schemas";

describe("slugify", () => {
  it("turns a display name into a valid API name", () => {
    expect(slugify("Chat v2 (beta)")).toBe("chat-v2-beta");
    expect(slugify("  Échos — Temps réel ")).toBe("echos-temps-reel");
    expect(slugify("Echo Flow")).toBe("echo-flow");
    for (const name of ["Chat v2 (beta)", "x".repeat(200), "-- A --"]) expect(apiIdSchema.safeParse(slugify(name)).success).toBe(true);
  });
});

describe("validateApiForm", () => {
  const filled = { ...EMPTY_API_FORM, displayName: "Echo", name: "echo", serviceUrl: "wss://echo.example.com", path: "echo" };

  it("accepts a complete form", () => {
    expect(validateApiForm(filled, { requireName: true })).toEqual({});
  });

  it("uses the management API's own messages, as sentences", () => {
    expect(validateApiForm({ ...filled, serviceUrl: "http://echo.example.com" }, { requireName: true })).toEqual({
      serviceUrl: "Must be a ws:// or wss:// URL, not http://.",
    });
    expect(validateApiForm({ ...filled, path: "a/../b" }, { requireName: true })).toEqual({
      path: "Must not contain '.' or '..' segments.",
    });
  });

  it("asks for every required field", () => {
    expect(validateApiForm(EMPTY_API_FORM, { requireName: true })).toEqual({
      displayName: "Enter a display name.",
      name: "Enter a name.",
      serviceUrl: "Enter the backend's WebSocket URL.",
      path: "Enter a URL suffix.",
    });
  });
});

describe("server errors and properties", () => {
  it("puts each error detail under its field and keeps the rest for the form", () => {
    expect(
      serverFieldErrors([
        { target: "properties.serviceUrl", message: "must be a ws:// or wss:// URL, not http://" },
        { target: "properties.protocols[0]", message: 'must be one of "ws", "wss"' },
        { target: "properties.subscriptionKeyParameterNames.header", message: "must be a valid HTTP header name" },
      ]),
    ).toEqual({
      fields: { serviceUrl: "Must be a ws:// or wss:// URL, not http://.", scheme: 'Must be one of "ws", "wss".' },
      other: ["properties.subscriptionKeyParameterNames.header must be a valid HTTP header name."],
    });
  });

  it("maps the URL scheme to protocols and back", () => {
    const values = { ...EMPTY_API_FORM, displayName: " Echo ", serviceUrl: "ws://b", path: "echo", scheme: "wss" as const };
    const properties = toApiProperties(values);
    expect(properties).toMatchObject({ displayName: "Echo", protocols: ["wss"], type: "websocket" });
    const api = {
      id: "/apis/echo",
      name: "echo",
      properties: { ...properties, protocols: ["ws", "wss"] as ("ws" | "wss")[], subscriptionKeyParameterNames: { header: "h", query: "q" } },
    };
    expect(fromApiContract(api).scheme).toBe("both");
    expect(gatewayUrlFor("ws://gw.example:8080/", "chat/v1")).toBe("ws://gw.example:8080/chat/v1");
  });
});
