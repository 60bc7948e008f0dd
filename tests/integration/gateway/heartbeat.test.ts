import { describe, expect, it } from "vitest";
import { useEchoStack } from "../../helpers/echo-stack";
import { waitFor } from "../../helpers/gateway-process";

const stack = useEchoStack({ GATEWAY_HEARTBEAT_MS: "100" });

function read(sql: string): number {
  return Object.values(stack.temp.db.$client.prepare(sql).get() as Record<string, number>)[0]!;
}

describe("the gateway heartbeat", () => {
  it("moves last_heartbeat_at without bumping the configuration revision", async () => {
    const first = await waitFor(() => read("SELECT last_heartbeat_at FROM gateways WHERE id = 'managed'"));
    const revision = read("SELECT revision FROM config_revision WHERE id = 1");
    const later = await waitFor(() => {
      const t = read("SELECT last_heartbeat_at FROM gateways WHERE id = 'managed'");
      return t > first ? t : 0;
    });
    expect(later).toBeGreaterThan(first);
    expect(read("SELECT revision FROM config_revision WHERE id = 1")).toBe(revision);
    // A real configuration change still bumps it.
    stack.temp.db.$client.prepare("UPDATE gateways SET description = 'x' WHERE id = 'managed'").run();
    expect(read("SELECT revision FROM config_revision WHERE id = 1")).toBe(revision + 1);
  });
});
