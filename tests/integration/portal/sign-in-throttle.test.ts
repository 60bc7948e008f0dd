/** next-auth's authorize: failed sign-ins count against the address the portal server resolved, not one a client writes. */
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/auth-options";
import { FREE_FAILURES } from "@/server/auth/login-throttle";
import { CLIENT_ADDRESS_HEADER, PORTAL_SERVER_MARK } from "@/server/http/forwarded-headers";
import { setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(async () => {
  await setUpManagementApi();
  process.env[PORTAL_SERVER_MARK] = "1";
});
afterAll(() => {
  delete process.env[PORTAL_SERVER_MARK];
  tearDownManagementApi();
});

/** The credentials provider's own authorize, called as next-auth calls it (headers as a plain object). */
async function signIn(email: string, headers: Record<string, string>): Promise<string> {
  const provider = authOptions().providers[0] as unknown as { options: CredentialsConfig };
  try {
    await provider.options.authorize({ email, password: "wrong-password" }, { headers, body: {}, query: {}, method: "POST" });
    return "signed in";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("the sign-in throttle's address", () => {
  it("is the portal server's: a new X-Forwarded-For on every try does not escape the per-address delay", async () => {
    // Different emails each time, so only the per-address count can throttle.
    for (let n = 0; n < FREE_FAILURES; n++) {
      expect(await signIn(`nobody-${n}@example.com`, { [CLIENT_ADDRESS_HEADER]: "198.51.100.20", "x-forwarded-for": `203.0.113.${n}` })).toBe("Invalid email or password.");
    }
    // The delay (1 s, 2 s, 4 s …) runs from each failure's start; a loaded machine's scrypt can
    // outlast the first ones, so keep trying: each failure doubles it until a try lands inside.
    const throttled = /^Too many failed sign-in attempts\. Wait \d+ seconds? before trying again\.$/;
    let message = "";
    for (let n = 0; n < 6 && !throttled.test(message); n++) {
      message = await signIn(`later-${n}@example.com`, { [CLIENT_ADDRESS_HEADER]: "198.51.100.20", "x-forwarded-for": `203.0.113.${100 + n}`, "x-real-ip": "203.0.113.98" });
    }
    expect(message).toMatch(throttled);
    // Another address is not held up.
    expect(await signIn("elsewhere@example.com", { [CLIENT_ADDRESS_HEADER]: "198.51.100.21" })).toBe("Invalid email or password.");
  });
});
