import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "@/gateway/log";
import { selectRelay } from "@/gateway/tunnel/relay";

// The addon as on a machine where it could not be built.
vi.mock("@/gateway/relay-native/load", () => ({ loadNativeRelay: () => ({ error: "the addon is not built (npm install builds it)" }) }));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("selectRelay when the native relay cannot be loaded", () => {
  it("falls back to the JS relay and says so once in the log", () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    expect(selectRelay(undefined)).toBe("js");
    expect(selectRelay(undefined)).toBe("js");
    expect(warn.mock.calls).toEqual([["native relay unavailable, using the JS relay", { reason: "the addon is not built (npm install builds it)" }]]);
  });

  it("refuses GATEWAY_RELAY=native with the reason, and takes GATEWAY_RELAY=js as asked", () => {
    expect(() => selectRelay("native")).toThrow("GATEWAY_RELAY=native, but the native relay cannot be loaded: the addon is not built (npm install builds it)");
    expect(selectRelay("js")).toBe("js");
  });
});

describe("the addon's build script", () => {
  it("prints one line and exits 0 when node-gyp fails, so npm install goes on", () => {
    const dir = mkdtempSync(join(tmpdir(), "relay-build-"));
    try {
      const fakeGyp = join(dir, "node-gyp.js");
      writeFileSync(fakeGyp, 'process.stderr.write("gyp info it worked if it ends with ok\\nmake: g++: No such file or directory\\ngyp ERR! not ok\\n"); process.exit(1);\n');
      const script = resolve(import.meta.dirname, "../../../../gateway/relay-native/build.mjs");
      const run = spawnSync(process.execPath, [script], { encoding: "utf8", env: { ...process.env, npm_config_node_gyp: fakeGyp } });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe("portcullis: the native relay was not built (make: g++: No such file or directory); the gateway will use the JS relay\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
