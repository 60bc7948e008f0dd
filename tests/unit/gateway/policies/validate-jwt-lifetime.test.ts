import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { runSteps } from "@/gateway/policies/pipeline";
import { compile, context, decide, hs256, HS_KEYS, now, refusal, SECRET } from "./validate-jwt-fixture";

describe("validate-jwt: lifetime", () => {
  const steps = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}</validate-jwt>`);
  const skewed = compile(`<validate-jwt header-name="Authorization" clock-skew="60">${HS_KEYS}</validate-jwt>`);
  const present = (token: string) => context({ headers: { Authorization: `Bearer ${token}` } });
  const expired = refusal("TokenExpired", "Lifetime validation failed. The token is expired. Access denied.");

  it("refuses an expired token synchronously, without verifying it", async () => {
    const token = await hs256({ exp: now() - 1 });
    expect(runSteps(steps, present(token))).toEqual(expired);
    expect(runSteps(steps, present(await hs256({ exp: now() })))).toEqual(expired);
  });

  it("allows clock-skew seconds either side of exp and nbf", async () => {
    expect(await decide(skewed, present(await hs256({ exp: now() - 30 })))).toEqual({ ok: true });
    expect(await decide(skewed, present(await hs256({ exp: now() - 61 })))).toEqual(expired);
    expect(await decide(skewed, present(await hs256({ nbf: now() + 30 })))).toEqual({ ok: true });
    expect(await decide(skewed, present(await hs256({ nbf: now() + 61 })))).toEqual(refusal("JwtInvalid", "Lifetime validation failed. The token is not yet valid."));
  });

  it("refuses a token that is not yet valid", async () => {
    expect(await decide(steps, present(await hs256({ nbf: now() + 5 })))).toEqual(refusal("JwtInvalid", "Lifetime validation failed. The token is not yet valid."));
  });

  it("requires exp unless require-expiration-time is false", async () => {
    const noExp = await new SignJWT({ sub: "a" }).setProtectedHeader({ alg: "HS256" }).sign(SECRET);
    expect(await decide(steps, present(noExp))).toEqual(refusal("JwtInvalid", "Lifetime validation failed. The token has no expiration time."));
    const optional = compile(`<validate-jwt header-name="Authorization" require-expiration-time="false">${HS_KEYS}</validate-jwt>`);
    expect(await decide(optional, present(noExp))).toEqual({ ok: true });
  });

  it("refuses exp or nbf that are not numbers", async () => {
    const badTime = refusal("JwtInvalid", "Lifetime validation failed. The token's 'exp' or 'nbf' is not a number.");
    expect(await decide(steps, present(await hs256({ exp: "tomorrow" as unknown as number })))).toEqual(badTime);
    expect(await decide(steps, present(await hs256({ nbf: "now" as unknown as number })))).toEqual(badTime);
  });
});
