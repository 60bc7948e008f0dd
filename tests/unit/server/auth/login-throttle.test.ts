import { describe, expect, it } from "vitest";
import { delayAfter, FREE_FAILURES, LoginThrottle, throttledMessage } from "@/server/auth/login-throttle";

const T0 = Date.parse("2030-01-01T00:00:00Z");

function fail(throttle: LoginThrottle, times: number, email = "a@example.com", ip = "10.0.0.1", at = T0) {
  for (let i = 0; i < times; i++) throttle.recordFailure(email, ip, at);
}

describe("LoginThrottle", () => {
  it("lets five wrong passwords in a row through, then makes the sixth try wait one second", () => {
    const throttle = new LoginThrottle();
    fail(throttle, FREE_FAILURES - 1);
    expect(throttle.check("a@example.com", "10.0.0.1", T0)).toEqual({ allowed: true });
    fail(throttle, 1);
    expect(throttle.check("a@example.com", "10.0.0.1", T0)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(throttle.check("a@example.com", "10.0.0.1", T0 + 999)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(throttle.check("a@example.com", "10.0.0.1", T0 + 1000)).toEqual({ allowed: true });
  });

  it("doubles the wait with every further failure, up to 15 minutes", () => {
    expect([4, 5, 6, 7, 8].map(delayAfter)).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(delayAfter(40)).toBe(15 * 60_000);
  });

  it("counts failures per email whatever the IP, and per IP whatever the email", () => {
    const byEmail = new LoginThrottle();
    for (let i = 0; i < 5; i++) byEmail.recordFailure("A@Example.com", `10.0.0.${i}`, T0);
    expect(byEmail.check("a@example.com", "192.168.1.1", T0).allowed).toBe(false);

    const byIp = new LoginThrottle();
    for (let i = 0; i < 5; i++) byIp.recordFailure(`user${i}@example.com`, "10.0.0.9", T0);
    expect(byIp.check("someone@example.com", "10.0.0.9", T0).allowed).toBe(false);
    expect(byIp.check("someone@example.com", "10.0.0.8", T0).allowed).toBe(true);
  });

  it("forgets the run of failures after a success", () => {
    const throttle = new LoginThrottle();
    fail(throttle, 5);
    throttle.recordSuccess("a@example.com", "10.0.0.1");
    expect(throttle.check("a@example.com", "10.0.0.1", T0)).toEqual({ allowed: true });
    fail(throttle, 4);
    expect(throttle.check("a@example.com", "10.0.0.1", T0)).toEqual({ allowed: true });
  });

  it("keeps counting within the hour after the last failure, and starts over after it", () => {
    const hour = 60 * 60_000;
    const counting = new LoginThrottle();
    fail(counting, 12);
    fail(counting, 1, "a@example.com", "10.0.0.1", T0 + hour - 1);
    expect(counting.check("a@example.com", "10.0.0.1", T0 + hour - 1)).toEqual({ allowed: false, retryAfterMs: delayAfter(13) });

    const forgetting = new LoginThrottle();
    fail(forgetting, 12);
    fail(forgetting, 1, "a@example.com", "10.0.0.1", T0 + hour);
    expect(forgetting.check("a@example.com", "10.0.0.1", T0 + hour)).toEqual({ allowed: true });
  });
});

describe("throttledMessage", () => {
  it("says how long to wait in seconds, or minutes for long waits", () => {
    expect(throttledMessage(1000)).toBe("Too many failed sign-in attempts. Wait 1 second before trying again.");
    expect(throttledMessage(7_200)).toBe("Too many failed sign-in attempts. Wait 8 seconds before trying again.");
    expect(throttledMessage(15 * 60_000)).toBe("Too many failed sign-in attempts. Wait 15 minutes before trying again.");
  });
});
