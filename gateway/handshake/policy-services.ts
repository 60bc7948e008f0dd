import { log } from "../log";
import type { CounterStore, JwtServices, PolicyServices } from "../policies/policy";

/** The gateway's one set of policy services: shared clock, counters and signing-key cache. */
export function createPolicyServices(parts: { counters: CounterStore; jwt: JwtServices; now?: () => number }): PolicyServices {
  const skippedOnce = new Set<string>();
  return {
    now: parts.now ?? Date.now,
    counters: parts.counters,
    jwt: parts.jwt,
    skipped(apiId, policy) {
      const key = `${apiId}\u0000${policy}`;
      if (skippedOnce.has(key)) return;
      skippedOnce.add(key);
      log.warn("inherited policy skipped: not supported on onHandshake", { api: apiId, policy });
    },
  };
}
