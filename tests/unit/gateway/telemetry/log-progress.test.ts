import { describe, expect, it } from "vitest";
import { pushLogProgress } from "@/gateway/telemetry/log-progress";
import type { LogRow } from "@/gateway/telemetry/telemetry-sink";
import type { Tunnel } from "@/gateway/tunnel/tunnel";

/** A tunnel as the progress pass reads it: its four counters and its log row. */
function fakeTunnel(): Tunnel {
  return { messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0, logRow: null } as Tunnel;
}

function trackLogProgress(tunnel: Tunnel, row: LogRow): void {
  tunnel.logRow = row;
}

function fakeRow(id: string): LogRow {
  return { id, closedAt: null, messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0 } as LogRow;
}

describe("open connections' counters in their log rows", () => {
  it("pushes the row of a tunnel whose counters moved, with the counters so far, and not again until they move", () => {
    const tunnel = fakeTunnel();
    const row = fakeRow("a");
    trackLogProgress(tunnel, row);
    const pushed: LogRow[] = [];
    const sink = { pushLog: (r: LogRow) => void pushed.push(r) };

    expect(pushLogProgress([tunnel], sink, 10)).toBe(0);
    Object.assign(tunnel, { messagesInbound: 2, messagesOutbound: 1, bytesInbound: 22, bytesOutbound: 7 });
    expect(pushLogProgress([tunnel], sink, 10)).toBe(1);
    expect(pushed).toEqual([row]);
    expect(row).toMatchObject({ messagesInbound: 2, messagesOutbound: 1, bytesInbound: 22, bytesOutbound: 7, closedAt: null });
    expect(pushLogProgress([tunnel], sink, 10)).toBe(0);
  });

  it("leaves closed rows and tunnels without a row alone, and stops at the budget", () => {
    const closed = fakeTunnel();
    const closedRow = { ...fakeRow("closed"), closedAt: 1 };
    trackLogProgress(closed, closedRow);
    const moving = [fakeTunnel(), fakeTunnel(), fakeTunnel()];
    moving.forEach((t, i) => trackLogProgress(t, fakeRow(`m${i}`)));
    for (const t of [closed, fakeTunnel(), ...moving]) t.messagesInbound = 1;
    const pushed: string[] = [];
    expect(pushLogProgress([closed, fakeTunnel(), ...moving], { pushLog: (r) => void pushed.push(r.id) }, 2)).toBe(2);
    expect(pushed).toEqual(["m0", "m1"]);
    expect(pushLogProgress(moving, { pushLog: (r) => void pushed.push(r.id) }, 0)).toBe(0);
  });
});
