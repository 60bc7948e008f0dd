import { describe, expect, it } from "vitest";
import { apiIdSchema, apiPatchBodySchema, apiPathSchema, apiPutBodySchema, protocolsSchema } from "@/server/apis/api.schemas";
import { ValidationError } from "@/server/http/errors";
import { parseOrThrow } from "@/server/http/validation";

const minimal = { displayName: "Echo", serviceUrl: "wss://echo.example.com/ws", path: "echo" };

function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("API properties schema", () => {
  it("accepts ws:// and wss:// service URLs", () => {
    for (const serviceUrl of ["ws://backend:9000", "wss://echo.example.com/socket?x=1"]) {
      const body = parseOrThrow(apiPutBodySchema, { properties: { ...minimal, serviceUrl } });
      expect(body.properties.serviceUrl).toBe(serviceUrl);
    }
  });

  it("refuses an http:// service URL naming the field", () => {
    const error = validationError(() =>
      parseOrThrow(apiPutBodySchema, { properties: { ...minimal, serviceUrl: "http://echo.example.com" } }),
    );
    expect(error.message).toBe("properties.serviceUrl must be a ws:// or wss:// URL, not http://.");
    expect(error.details).toEqual([{ target: "properties.serviceUrl", message: "must be a ws:// or wss:// URL, not http://" }]);
  });

  it("refuses a relative service URL and one with a fragment", () => {
    expect(validationError(() => parseOrThrow(apiPutBodySchema, { properties: { ...minimal, serviceUrl: "/echo" } })).message).toBe(
      "properties.serviceUrl must be an absolute ws:// or wss:// URL.",
    );
    expect(
      validationError(() => parseOrThrow(apiPutBodySchema, { properties: { ...minimal, serviceUrl: "ws://a/b#c" } })).message,
    ).toBe("properties.serviceUrl must not contain a fragment ('#').");
  });

  it("fills APIM's defaults", () => {
    expect(parseOrThrow(apiPutBodySchema, { properties: minimal }).properties).toEqual({
      ...minimal,
      description: "",
      type: "websocket",
      protocols: ["ws", "wss"],
      subscriptionRequired: true,
      subscriptionKeyParameterNames: { header: "Ocp-Apim-Subscription-Key", query: "subscription-key" },
    });
  });

  it("lists every missing required field", () => {
    const error = validationError(() => parseOrThrow(apiPutBodySchema, { properties: {} }));
    expect(error.message).toBe(
      "properties.displayName is required. properties.serviceUrl is required. properties.path is required.",
    );
  });

  it("requires the properties envelope", () => {
    expect(validationError(() => parseOrThrow(apiPutBodySchema, { displayName: "x" })).message).toBe("properties is required.");
  });

  it("refuses a type other than websocket", () => {
    expect(validationError(() => parseOrThrow(apiPutBodySchema, { properties: { ...minimal, type: "http" } })).message).toBe(
      'properties.type must be "websocket" (Portcullis manages WebSocket APIs only).',
    );
  });

  it("leaves absent fields out of a patch", () => {
    expect(parseOrThrow(apiPatchBodySchema, { properties: { description: "d" } }).properties).toEqual({ description: "d" });
  });
});

describe("API path", () => {
  it("trims surrounding slashes and whitespace", () => {
    expect(apiPathSchema.parse(" /chat/v1/ ")).toBe("chat/v1");
    expect(apiPathSchema.parse("//echo")).toBe("echo");
  });

  it("refuses an empty path", () => {
    expect(validationError(() => parseOrThrow(apiPathSchema, "/", "properties.path")).message).toBe(
      "properties.path must not be empty.",
    );
  });

  it("refuses empty, dot and non URL-safe segments", () => {
    const message = "must be URL segments of letters, digits, '-', '.', '_' and '~' separated by single '/'";
    expect(validationError(() => parseOrThrow(apiPathSchema, "a//b", "p")).details).toEqual([{ target: "p", message }]);
    expect(validationError(() => parseOrThrow(apiPathSchema, "a b", "p")).details).toEqual([{ target: "p", message }]);
    expect(validationError(() => parseOrThrow(apiPathSchema, "a/../b", "p")).details).toEqual([
      { target: "p", message: "must not contain '.' or '..' segments" },
    ]);
  });
});

describe("protocols", () => {
  it("deduplicates and orders ws before wss", () => {
    expect(protocolsSchema.parse(["wss", "ws", "wss"])).toEqual(["ws", "wss"]);
  });

  it("refuses an empty list and unknown schemes", () => {
    expect(validationError(() => parseOrThrow(protocolsSchema, [], "protocols")).message).toBe(
      'protocols must contain at least one of "ws", "wss".',
    );
    expect(validationError(() => parseOrThrow(protocolsSchema, ["http"], "protocols")).message).toBe(
      'protocols[0] must be one of "ws", "wss".',
    );
  });
});

describe("API id", () => {
  it("accepts letters, digits, '-' and '_' up to 80 characters", () => {
    expect(apiIdSchema.parse("Echo_v2-beta")).toBe("Echo_v2-beta");
    expect(apiIdSchema.parse("a".repeat(80))).toHaveLength(80);
  });

  it("refuses a leading '-', other characters and 81 characters", () => {
    const message = "must start with a letter or digit and contain only letters, digits, '-' and '_'";
    expect(validationError(() => parseOrThrow(apiIdSchema, "-echo", "apiId")).message).toBe(`apiId ${message}.`);
    expect(validationError(() => parseOrThrow(apiIdSchema, "ec.ho", "apiId")).message).toBe(`apiId ${message}.`);
    expect(validationError(() => parseOrThrow(apiIdSchema, "a".repeat(81), "apiId")).message).toBe(
      "apiId must be at most 80 characters long.",
    );
  });
});
