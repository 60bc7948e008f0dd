import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { hasToken, validateUpgrade } from "@/gateway/handshake/validate-upgrade";

const VALID_HEADERS: Record<string, string> = {
  host: "gateway.example",
  upgrade: "websocket",
  connection: "Upgrade",
  "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
  "sec-websocket-version": "13",
};

/** A request as Node parses it; `headers` entries set to null are left out. */
function request(overrides: { method?: string; version?: [number, number]; headers?: Record<string, string | null> } = {}): IncomingMessage {
  const headers: Record<string, string> = { ...VALID_HEADERS };
  for (const [name, value] of Object.entries(overrides.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const [major, minor] = overrides.version ?? [1, 1];
  return { method: overrides.method ?? "GET", httpVersionMajor: major, httpVersionMinor: minor, headers } as unknown as IncomingMessage;
}

const BAD_METHOD = { status: 400, message: "WebSocket handshake must use the GET method." };
const BAD_VERSION = { status: 400, message: "WebSocket handshake requires HTTP/1.1 or later." };
const BAD_UPGRADE = { status: 400, message: "Missing or invalid 'Upgrade: websocket' header." };
const BAD_CONNECTION = { status: 400, message: "Missing or invalid 'Connection: Upgrade' header." };
const BAD_KEY = { status: 400, message: "Missing or invalid 'Sec-WebSocket-Key' header." };
const BAD_WS_VERSION = {
  status: 426,
  message: "Unsupported WebSocket version: 'Sec-WebSocket-Version' must be 13.",
  headers: { "Sec-WebSocket-Version": "13" },
};

describe("validateUpgrade (RFC 6455 §4.2.1)", () => {
  it("accepts a valid opening handshake", () => {
    expect(validateUpgrade(request())).toBeNull();
  });

  it("accepts header values in any case, in token lists and with spaces", () => {
    expect(validateUpgrade(request({ headers: { upgrade: "WebSocket", connection: "keep-alive, UPGRADE" } }))).toBeNull();
    expect(validateUpgrade(request({ headers: { upgrade: "foo/1, websocket", connection: "upgrade,keep-alive" } }))).toBeNull();
    expect(validateUpgrade(request({ headers: { "sec-websocket-key": " dGhlIHNhbXBsZSBub25jZQ== ", "sec-websocket-version": " 13 " } }))).toBeNull();
    expect(validateUpgrade(request({ version: [2, 0] }))).toBeNull();
  });

  it("refuses a method other than GET with 400", () => {
    for (const method of ["POST", "HEAD", "PUT", "get"]) expect(validateUpgrade(request({ method }))).toEqual(BAD_METHOD);
  });

  it("refuses HTTP/1.0 and older with 400", () => {
    expect(validateUpgrade(request({ version: [1, 0] }))).toEqual(BAD_VERSION);
    expect(validateUpgrade(request({ version: [0, 9] }))).toEqual(BAD_VERSION);
  });

  it("refuses a missing or non-websocket Upgrade header with 400", () => {
    expect(validateUpgrade(request({ headers: { upgrade: null } }))).toEqual(BAD_UPGRADE);
    expect(validateUpgrade(request({ headers: { upgrade: "h2c" } }))).toEqual(BAD_UPGRADE);
    expect(validateUpgrade(request({ headers: { upgrade: "websockets" } }))).toEqual(BAD_UPGRADE);
    expect(validateUpgrade(request({ headers: { upgrade: "" } }))).toEqual(BAD_UPGRADE);
  });

  it("refuses a Connection header without the upgrade token with 400", () => {
    expect(validateUpgrade(request({ headers: { connection: null } }))).toEqual(BAD_CONNECTION);
    expect(validateUpgrade(request({ headers: { connection: "keep-alive" } }))).toEqual(BAD_CONNECTION);
    expect(validateUpgrade(request({ headers: { connection: "upgrades, close" } }))).toEqual(BAD_CONNECTION);
  });

  it("refuses a missing Sec-WebSocket-Key, or one that is not 16 bytes in base64, with 400", () => {
    expect(validateUpgrade(request({ headers: { "sec-websocket-key": null } }))).toEqual(BAD_KEY);
    expect(validateUpgrade(request({ headers: { "sec-websocket-key": "" } }))).toEqual(BAD_KEY);
    // 10 bytes, 18 bytes, a stray character, missing padding
    for (const key of ["dGhlIHNhbXBsZQ==", "dGhlIHNhbXBsZSBub25jZQAA", "dGhlIHNhbXBsZSBub25jZ!==", "dGhlIHNhbXBsZSBub25jZQ"])
      expect(validateUpgrade(request({ headers: { "sec-websocket-key": key } }))).toEqual(BAD_KEY);
  });

  it("refuses a missing or other Sec-WebSocket-Version with 426 and names version 13", () => {
    expect(validateUpgrade(request({ headers: { "sec-websocket-version": null } }))).toEqual(BAD_WS_VERSION);
    for (const version of ["8", "12", "14", "13, 8", ""])
      expect(validateUpgrade(request({ headers: { "sec-websocket-version": version } }))).toEqual(BAD_WS_VERSION);
  });

  it("reports the first problem in order: method, HTTP version, Upgrade, Connection, key, version", () => {
    const nothing = { upgrade: null, connection: null, "sec-websocket-key": null, "sec-websocket-version": null };
    expect(validateUpgrade(request({ method: "POST", version: [1, 0], headers: nothing }))).toEqual(BAD_METHOD);
    expect(validateUpgrade(request({ version: [1, 0], headers: nothing }))).toEqual(BAD_VERSION);
    expect(validateUpgrade(request({ headers: nothing }))).toEqual(BAD_UPGRADE);
    expect(validateUpgrade(request({ headers: { ...nothing, upgrade: "websocket" } }))).toEqual(BAD_CONNECTION);
    expect(validateUpgrade(request({ headers: { "sec-websocket-key": null, "sec-websocket-version": null } }))).toEqual(BAD_KEY);
  });
});

describe("hasToken", () => {
  it("finds a token in a comma-separated list, ignoring case and spaces", () => {
    expect(hasToken("keep-alive, Upgrade", "upgrade")).toBe(true);
    expect(hasToken(" UPGRADE ", "upgrade")).toBe(true);
    expect(hasToken("keep-alive,upgrade-insecure", "upgrade")).toBe(false);
    expect(hasToken("", "upgrade")).toBe(false);
  });
});
