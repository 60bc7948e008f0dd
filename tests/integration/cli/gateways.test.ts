/**
 * `portcullis gateways …` against the real route handlers: what an administrator types to
 * register a self-hosted gateway, read its keys and make the token it runs with.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGatewayToken } from "@/gateway/remote/gateway-token";
import { CLI_TEST_TIMEOUT_MS, startInstance, type Instance } from "./cli-harness";

let instance: Instance;

beforeAll(async () => {
  instance = await startInstance();
});

afterAll(async () => {
  await instance?.stop();
});

const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });

describe("gateways", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("creates a gateway with a location, lists, shows and deletes it", async () => {
    expect(await instance.cli(["gateways", "create", "london", "--location", "London office", "--city", "London", "--country", "United Kingdom"])).toEqual(
      ok("Created gateway london.\n"),
    );
    expect(await instance.cli(["gateways", "list"])).toEqual(
      ok(
        [
          "NAME     DISPLAY NAME     KIND         LOCATION                                LAST HEARTBEAT",
          "london   London office    self-hosted  London office (London, United Kingdom)  never",
          "managed  Managed gateway  managed      -                                       never",
          "",
        ].join("\n"),
      ),
    );
    const shown = await instance.cli(["gateways", "show", "london"]);
    expect(shown).toEqual(
      ok(
        [
          "name:                         london",
          "displayName:                  London office",
          "description:                  -",
          "locationData.name:            London office",
          "locationData.city:            London",
          "locationData.countryOrRegion: United Kingdom",
          "managed:                      no",
          "lastHeartbeatAt:              -",
          "apis:                         -",
          "instances:                    -",
          "",
        ].join("\n"),
      ),
    );
    expect(await instance.cli(["gateways", "get", "london"])).toEqual(shown);
    expect(await instance.cli(["gateways", "delete", "london"])).toEqual(ok("Deleted gateway london.\n"));
    expect(await instance.cli(["gateways", "delete", "london"])).toEqual(ok("No gateway london; nothing deleted.\n"));
  });

  it("shows the keys, regenerates one, and makes a token that the protocol parses", async () => {
    await instance.cli(["gateways", "create", "edge"]);
    const before = JSON.parse((await instance.cli(["gateways", "keys", "edge", "--json"])).stdout);
    expect(Object.keys(before)).toEqual(["primary", "secondary"]);
    expect(await instance.cli(["gateways", "keys", "edge"])).toEqual(ok(`primary:   ${before.primary}\nsecondary: ${before.secondary}\n`));
    expect(await instance.cli(["gateways", "regenerate-key", "edge", "--key", "secondary"])).toEqual(
      ok("Regenerated the secondary key of gateway edge; tokens made from the old key are revoked.\n"),
    );
    const after = JSON.parse((await instance.cli(["gateways", "keys", "edge", "--json"])).stdout);
    expect(after.primary).toBe(before.primary);
    expect(after.secondary).not.toBe(before.secondary);

    const token = await instance.cli(["gateways", "token", "edge", "--expiry", "7d"]);
    expect(token.code).toBe(0);
    const parsed = parseGatewayToken(token.stdout.trim());
    if (!parsed.ok) throw new Error(parsed.refusal.message);
    expect(parsed.parts.gatewayId).toBe("edge");
    const days = (parsed.parts.expiry.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it("refuses a bad expiry or key type with exit 2 and says what it takes", async () => {
    const expiry = await instance.cli(["gateways", "token", "edge", "--expiry", "next week"]);
    expect(expiry.code).toBe(2);
    expect(expiry.stderr).toContain(
      "--expiry must be a duration such as 30d, 12h or 90m, or an ISO 8601 date-time such as 2030-01-31T12:00:00Z, not 'next week'.",
    );
    const key = await instance.cli(["gateways", "regenerate-key", "edge", "--key", "tertiary"]);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain("--key must be primary or secondary, not 'tertiary'.");
    const tooFar = await instance.cli(["gateways", "token", "edge", "--expiry", "31d"]);
    expect(tooFar.code).toBe(1);
    expect(tooFar.stderr).toContain("The expiry must be at most 30 days ahead.");
  });
});
