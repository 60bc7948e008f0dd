import { describe, expect, it } from "vitest";
import { waitForRevisionChange } from "@/server/gateway-sync/wait-for-revision-change";

/** A clock that sleeping advances, and a revision that moves at a given time. */
function scene(changeAt: number | null) {
  let now = 0;
  const reads: number[] = [];
  return {
    reads,
    wait: (signal: AbortSignal = new AbortController().signal) => ({
      read: () => {
        reads.push(now);
        return changeAt !== null && now >= changeAt ? 8 : 7;
      },
      holdMs: 1_000,
      intervalMs: 200,
      signal,
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    }),
  };
}

describe("waiting for the configuration revision to move", () => {
  it("answers the new revision at the first check after the change", async () => {
    const s = scene(450);
    expect(await waitForRevisionChange(7, s.wait())).toBe(8);
    expect(s.reads).toEqual([0, 200, 400, 600]);
  });

  it("answers at once when the revision already differs", async () => {
    const s = scene(0);
    expect(await waitForRevisionChange(7, s.wait())).toBe(8);
    expect(s.reads).toEqual([0]);
  });

  it("gives up with null when the hold ends, checking every interval until then", async () => {
    const s = scene(null);
    expect(await waitForRevisionChange(7, s.wait())).toBeNull();
    expect(s.reads).toEqual([0, 200, 400, 600, 800, 1_000]);
  });

  it("stops without another read once the request is aborted", async () => {
    const s = scene(null);
    const controller = new AbortController();
    controller.abort();
    expect(await waitForRevisionChange(7, s.wait(controller.signal))).toBeNull();
    expect(s.reads).toEqual([0]);
  });
});
