import { describe, expect, it } from "vitest";
import { openRawClient } from "@/tests/helpers/raw-websocket";
import { useDifferentialStack, within } from "./differential-fixture";

const stack = useDifferentialStack();

describe("paths with dot segments", () => {
  it("are refused with 400 when they leave the API's service path, and never reach the backend", async () => {
    for (const path of ["/rec/..", "/rec/../x", "/rec/%2e%2e/x", "/rec/a/../../x", "/rec/.%2E/base2"]) {
      const before = stack.backend.paths.length;
      const client = await openRawClient(stack.gateway.port, path);
      const body = await within(client.record.ended, `${path}: refusal body`);
      expect([path, client.status, JSON.parse(body.toString())]).toEqual([path, 400, { statusCode: 400, message: "The request path leaves the API's path." }]);
      expect(stack.backend.paths.length).toBe(before);
    }
  });

  it("are resolved and forwarded when they stay inside it", async () => {
    const client = await openRawClient(stack.gateway.port, "/rec/a/../s/inside?x=1");
    expect(client.status).toBe(101);
    const conn = await within(stack.backend.connection("/base/s/inside?x=1"), "backend handshake");
    client.socket.destroy();
    conn.socket.destroy();
  });
});
