import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // `server-only` is resolved by Next.js (its own copy); outside it, the import is a no-op.
  resolve: { alias: { "@": resolve(import.meta.dirname), "server-only": resolve(import.meta.dirname, "tests/helpers/empty-module.ts") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real processes; two cores do not gain from more workers.
    maxWorkers: 2,
    pool: "forks",
  },
});
