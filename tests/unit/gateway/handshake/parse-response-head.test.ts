import { describe, expect, it } from "vitest";
import { parseResponseHead } from "@/gateway/handshake/connect-backend";

describe("parseResponseHead (the backend's handshake answer)", () => {
  it("gives the status code and the headers in order, names as sent and values trimmed", () => {
    const head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept:  abc= \r\nX-Custom:two words";
    expect(parseResponseHead(head)).toEqual({
      statusCode: 101,
      rawHeaders: ["Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Accept", "abc=", "X-Custom", "two words"],
    });
  });

  it("reads a refusal's status code, with or without a reason phrase", () => {
    expect(parseResponseHead("HTTP/1.1 403 Forbidden\r\nContent-Length: 0")?.statusCode).toBe(403);
    expect(parseResponseHead("HTTP/1.0 500")?.statusCode).toBe(500);
  });

  it("refuses what is not an HTTP/1.x response head", () => {
    expect(parseResponseHead("SSH-2.0-OpenSSH_9.6")).toBeNull();
    expect(parseResponseHead("HTTP/1.1 1010 Too long")).toBeNull();
    expect(parseResponseHead("HTTP/1.1 101 Switching Protocols\r\nno colon here")).toBeNull();
    expect(parseResponseHead("HTTP/1.1 101 Switching Protocols\r\nBad Name: x")).toBeNull();
  });
});
