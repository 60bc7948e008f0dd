import { describe, expect, it } from "vitest";
import { waitFor } from "@/tests/helpers/gateway-process";
import { differential, fragmentedWithPings, useDifferentialStack } from "./differential-fixture";

const stack = useDifferentialStack();

describe("the gateway's log row for a tunnelled connection", () => {
  it("records messages and bytes each way and the first Close (the client's)", async () => {
    const { viaGateway } = await differential(fragmentedWithPings);
    const row = await waitFor(
      () =>
        stack.tmp.db.$client
          .prepare(
            `SELECT api_id, response_code, backend_response_code, backend_url, close_code, close_reason, closed_by,
              messages_inbound, messages_outbound, bytes_inbound, bytes_outbound FROM gateway_logs WHERE url = ? AND closed_at IS NOT NULL`,
          )
          .get(viaGateway.path),
      1000,
    );
    expect(row).toEqual({
      api_id: "rec",
      response_code: 101,
      backend_response_code: 101,
      backend_url: `ws://127.0.0.1:${stack.backend.port}${viaGateway.conn.path}`,
      close_code: 1000,
      close_reason: "bye",
      closed_by: "client",
      messages_inbound: 2, // one text in 3 fragments, one binary in 2; pings, pongs and the Close not counted
      messages_outbound: 2, // one text in 2 fragments, one binary in 3
      bytes_inbound: fragmentedWithPings.client.length,
      bytes_outbound: fragmentedWithPings.backend.length,
    });
  });
});
