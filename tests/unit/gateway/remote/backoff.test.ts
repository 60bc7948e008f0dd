import { describe, expect, it } from "vitest";
import { Backoff } from "@/gateway/remote/backoff";

describe("Backoff", () => {
  it("doubles from 1 s to a 30 s ceiling, never less than half a step (jitter pinned to 0)", () => {
    const backoff = new Backoff({ random: () => 0 });
    const delays = Array.from({ length: 8 }, () => backoff.fail());
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it("reaches the whole step with the most jitter", () => {
    const backoff = new Backoff({ random: () => 0.999999 });
    const delays = Array.from({ length: 7 }, () => backoff.fail());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("starts again from the first step after a success", () => {
    const backoff = new Backoff({ random: () => 0.5 });
    backoff.fail();
    backoff.fail();
    expect(backoff.attempts).toBe(2);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.fail()).toBe(750);
  });

  it("spreads gateways that failed together", () => {
    const values = [0.1, 0.9];
    const a = new Backoff({ random: () => values[0]! });
    const b = new Backoff({ random: () => values[1]! });
    a.fail();
    b.fail();
    expect([a.fail(), b.fail()]).toEqual([1100, 1900]);
  });
});
