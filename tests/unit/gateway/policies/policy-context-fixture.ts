/**
 * A fake PolicyContext for policy unit tests: no sockets, a clock the test moves, the real
 * in-memory counter store. `policyContext({ subscription: {…}, headers: {…} })` overrides
 * only what a test cares about.
 */
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";
import type { CounterStore, PolicyContext, PolicyHeaders, PolicyQuery, PolicyServices } from "@/gateway/policies/policy";

/** A clock that moves only when told. */
export class FakeClock {
  constructor(public time = Date.parse("2030-01-01T00:00:00Z")) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface PolicyContextOverrides {
  ipAddress?: string;
  method?: string;
  /** Request headers by name (case-insensitive); an array for a repeated header. */
  headers?: Record<string, string | string[]>;
  /** Query parameters by name; an array for a repeated one. */
  query?: Record<string, string | string[]>;
  url?: Partial<Omit<PolicyContext["request"]["url"], "query">>;
  api?: Partial<PolicyContext["api"]>;
  product?: PolicyContext["product"];
  subscription?: PolicyContext["subscription"];
  user?: PolicyContext["user"];
  variables?: Record<string, unknown>;
  clock?: FakeClock;
  counters?: CounterStore;
  services?: Partial<PolicyServices>;
}

/** Services for tests: the clock and counters given, JWT keys refused, skips recorded. */
export function policyServices(overrides: { clock?: FakeClock; counters?: CounterStore } & Partial<PolicyServices> = {}): PolicyServices & { skips: string[] } {
  const clock = overrides.clock ?? new FakeClock();
  const skips: string[] = [];
  return {
    now: clock.now,
    counters: overrides.counters ?? new MemoryCounterStore({ sweepIntervalMs: 0 }),
    jwt: { openIdKeys: () => Promise.reject(new Error("no OpenID keys in unit tests")) },
    skipped: (...args: string[]) => {
      skips.push(args.join(" "));
    },
    ...overrides,
    skips,
  } as PolicyServices & { skips: string[] };
}

/** One handshake's context: a plain ws:// GET to API "echo" from 203.0.113.7, no subscription. */
export function policyContext(overrides: PolicyContextOverrides = {}): PolicyContext {
  return {
    request: {
      ipAddress: overrides.ipAddress ?? "203.0.113.7",
      method: overrides.method ?? "GET",
      headers: new FakeHeaders(overrides.headers ?? {}),
      url: { scheme: "ws", host: "gateway.test", path: "/echo", ...overrides.url, query: new FakeQuery(overrides.query ?? {}) },
    },
    api: { id: "echo", path: "echo", name: "Echo", ...overrides.api },
    product: overrides.product ?? null,
    subscription: overrides.subscription ?? null,
    user: overrides.user ?? null,
    variables: new Map(Object.entries(overrides.variables ?? {})),
    backendServiceUrl: null,
    responseHeaders: {},
    limits: { maxInboundMessageBytes: 0, maxOutboundMessageBytes: 0, inboundRate: null, outboundRate: null, idleTimeoutMs: 0, maxDurationMs: 0 },
    services: overrides.services
      ? { ...policyServices({ clock: overrides.clock, counters: overrides.counters }), ...overrides.services }
      : policyServices({ clock: overrides.clock, counters: overrides.counters }),
  };
}

function toEntries(values: Record<string, string | string[]>): [string, string[]][] {
  return Object.entries(values).map(([name, value]) => [name, Array.isArray(value) ? value.slice() : [value]]);
}

class FakeHeaders implements PolicyHeaders {
  private readonly values = new Map<string, { name: string; values: string[] }>();
  constructor(initial: Record<string, string | string[]>) {
    for (const [name, values] of toEntries(initial)) this.values.set(name.toLowerCase(), { name, values });
  }
  getAll(name: string): string[] {
    return this.values.get(name.toLowerCase())?.values.slice() ?? [];
  }
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(",");
  }
  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }
  set(name: string, values: string[]): void {
    if (values.length === 0) this.values.delete(name.toLowerCase());
    else this.values.set(name.toLowerCase(), { name, values: values.slice() });
  }
  append(name: string, value: string): void {
    this.set(name, [...this.getAll(name), value]);
  }
  delete(name: string): void {
    this.values.delete(name.toLowerCase());
  }
}

class FakeQuery implements PolicyQuery {
  private readonly values: Map<string, string[]>;
  constructor(initial: Record<string, string | string[]>) {
    this.values = new Map(toEntries(initial));
  }
  getAll(name: string): string[] {
    return this.values.get(name)?.slice() ?? [];
  }
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(",");
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
  set(name: string, values: string[]): void {
    if (values.length === 0) this.values.delete(name);
    else this.values.set(name, values.slice());
  }
  append(name: string, value: string): void {
    this.set(name, [...this.getAll(name), value]);
  }
  delete(name: string): void {
    this.values.delete(name);
  }
}
