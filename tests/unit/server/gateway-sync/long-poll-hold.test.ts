import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { longPollHoldMs } from "@/server/gateway-sync/long-poll-hold";

describe("longPollHoldMs", () => {
  it("holds 25 s unless told otherwise, the default the README's table gives", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../../../README.md"), "utf8");
    const documented = /^\| `PORTCULLIS_GATEWAY_LONGPOLL_MS` \| `(\d+)` \|/m.exec(readme)?.[1];
    expect(documented).toBe("25000");
    expect(longPollHoldMs({})).toBe(25_000);
    expect(longPollHoldMs({ PORTCULLIS_GATEWAY_LONGPOLL_MS: "" })).toBe(25_000);
  });

  it("takes a whole number of milliseconds up to 120 s, and refuses anything else by name", () => {
    expect(longPollHoldMs({ PORTCULLIS_GATEWAY_LONGPOLL_MS: "0" })).toBe(0);
    expect(longPollHoldMs({ PORTCULLIS_GATEWAY_LONGPOLL_MS: "120000" })).toBe(120_000);
    for (const bad of ["-1", "120001", "1.5", "soon"]) {
      expect(() => longPollHoldMs({ PORTCULLIS_GATEWAY_LONGPOLL_MS: bad })).toThrow(
        `Invalid environment: PORTCULLIS_GATEWAY_LONGPOLL_MS must be a whole number of milliseconds from 0 to 120000, not '${bad}'.`,
      );
    }
  });
});
