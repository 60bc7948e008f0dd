import { describe, expect, it } from "vitest";
import { parsePortalEnv, publicGatewayUrl } from "@/server/env";

describe("portal environment", () => {
  it("applies DESIGN.md's defaults", () => {
    expect(parsePortalEnv({})).toEqual({
      PORT: 3000,
      PORTCULLIS_DB: "./data/portcullis.db",
      PORTCULLIS_ADMIN_EMAIL: "admin@portcullis.local",
      PORTCULLIS_ADMIN_PASSWORD: undefined,
      PORTCULLIS_BOOTSTRAP_TOKEN: undefined,
      PORTCULLIS_PUBLIC_GATEWAY_URL: "ws://localhost:8080",
    });
  });

  it("treats empty values as unset", () => {
    expect(parsePortalEnv({ PORT: "", PORTCULLIS_ADMIN_PASSWORD: "" })).toMatchObject({ PORT: 3000, PORTCULLIS_ADMIN_PASSWORD: undefined });
  });

  it("derives the public gateway URL from GATEWAY_PORT unless it is given", () => {
    expect(publicGatewayUrl({ GATEWAY_PORT: "18080" })).toBe("ws://localhost:18080");
    expect(publicGatewayUrl({ GATEWAY_PORT: "18080", PORTCULLIS_PUBLIC_GATEWAY_URL: "wss://gw.example.com" })).toBe(
      "wss://gw.example.com",
    );
  });

  it("lists every invalid variable", () => {
    expect(() =>
      parsePortalEnv({ PORT: "0", PORTCULLIS_BOOTSTRAP_TOKEN: "short", PORTCULLIS_PUBLIC_GATEWAY_URL: "http://gw" }),
    ).toThrow(
      "Invalid environment:\n  PORT: Too small: expected number to be >=1\n  PORTCULLIS_BOOTSTRAP_TOKEN: must be at least 16 characters long\n  PORTCULLIS_PUBLIC_GATEWAY_URL: must be a ws:// or wss:// URL",
    );
  });
});
