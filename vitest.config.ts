import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// The native relay is what the gateway ships with: build it if missing (the build never fails
// the run; without it every suite runs on the JS relay, as the gateway itself would).
const relayAddon = resolve(import.meta.dirname, "gateway/relay-native/build/Release/portcullis_relay.node");
execFileSync(process.execPath, [resolve(import.meta.dirname, "gateway/relay-native/build.mjs"), "--if-missing"], { stdio: "inherit" });
const nativeRelay = existsSync(relayAddon);

const include = ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"];
/**
 * The relay behaviour suites, run a second time against the JS relay (the fallback): frames, limits,
 * faults, counters and long-lived connections. GATEWAY_WORKERS is tested on the relay that ships.
 */
const relaySuites = [
  "tests/integration/gateway/tunnel/tunnel-message-limits.test.ts",
  "tests/integration/gateway/tunnel/tunnel-idle-and-duration.test.ts",
  "tests/integration/gateway/tunnel/tunnel-without-limits.test.ts",
  "tests/integration/gateway/tunnel/tunnel-close-held-back-header.test.ts",
  "tests/integration/frames/*.test.ts",
  "tests/integration/faults/*.test.ts",
  "tests/integration/gateway/observability.test.ts",
  "tests/integration/gateway/long-lived.test.ts",
];

export default defineConfig({
  // `server-only` is resolved by Next.js (its own copy); outside it, the import is a no-op.
  resolve: { alias: { "@": resolve(import.meta.dirname), "server-only": resolve(import.meta.dirname, "tests/helpers/empty-module.ts") } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real processes; two cores do not gain from more workers.
    maxWorkers: 2,
    pool: "forks",
    projects: [
      { extends: true as const, test: { name: nativeRelay ? "native relay" : "js relay (native relay not built)", include, env: { GATEWAY_RELAY: nativeRelay ? "native" : "js" } } },
      ...(nativeRelay ? [{ extends: true as const, test: { name: "js relay", include: relaySuites, env: { GATEWAY_RELAY: "js" } } }] : []),
    ],
  },
});
