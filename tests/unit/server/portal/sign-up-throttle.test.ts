import { describe, expect, it } from "vitest";
import { SignUpThrottle, signUpThrottledMessage } from "@/server/portal/sign-up-throttle";

describe("SignUpThrottle", () => {
  it("allows maxAttempts per address in the window, then says how long until the oldest leaves it", () => {
    const throttle = new SignUpThrottle(3, 60_000);
    for (const t of [0, 10_000, 20_000]) {
      expect(throttle.check("1.2.3.4", t)).toEqual({ allowed: true });
      throttle.record("1.2.3.4", t);
    }
    expect(throttle.check("1.2.3.4", 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(throttle.check("5.6.7.8", 30_000)).toEqual({ allowed: true });
    // The window slides: the first attempt leaves it at 60 s.
    expect(throttle.check("1.2.3.4", 60_000)).toEqual({ allowed: true });
  });

  it("words the wait in whole minutes, at least one", () => {
    expect(signUpThrottledMessage(1_000)).toBe("Too many sign-up attempts from your network. Wait 1 minute before trying again.");
    expect(signUpThrottledMessage(59 * 60_000 + 1)).toBe("Too many sign-up attempts from your network. Wait 60 minutes before trying again.");
  });
});
