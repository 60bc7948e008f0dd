import { setTimeout as delay } from "node:timers/promises";
import type { z } from "zod";
import type { ConfigRows } from "../config/config-rows";
import { log } from "../log";
import { Backoff } from "./backoff";
import type { ConfigCache } from "./config-cache";
import type { PortalClient, PortalReply } from "./portal-client";

/** The portal's `GET /config` answer (gateway/remote/protocol.ts has its schema). */
export interface RemoteConfig {
  gatewayId: string;
  revision: number;
  /** Base64 key that this gateway hashes presented subscription keys with. */
  keyHashKey: string;
  rows: ConfigRows;
}

/**
 * How long the portal holds `GET /config?revision=N` (25 s) plus time for the answer to
 * travel: past this the request is given up as lost, not as "no change".
 */
export const LONG_POLL_TIMEOUT_MS = 30_000;

/** Where the configuration in force came from, and why there is none when there is none. */
export interface RemoteConfigStatus {
  ready: boolean;
  /** Why not ready, or why the configuration in force may be stale (the portal away, the token refused). */
  reason: string | null;
  source: "portal" | "cache" | null;
  revision: number | null;
}

export interface RemoteConfigSourceOptions<T extends RemoteConfig> {
  gatewayId: string;
  client: Pick<PortalClient, "send">;
  cache: ConfigCache<T>;
  schema: z.ZodType<T>;
  backoff?: Backoff;
  /** Waits between retries; handed in so tests can run the loop without real time. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  longPollTimeoutMs?: number;
  now?: () => number;
}

/**
 * A self-hosted gateway's configuration source (DESIGN §6): the portal's gateway API, with
 * the cache file as the fallback.
 *
 * Changes arrive by long-poll: `GET /config?revision=N` is held by the portal until its
 * revision moves (checked every ~200 ms) or 25 s pass (304), and asked again at once. That is
 * plain HTTP, so it crosses every proxy and load balancer that passes a slow request, needs no
 * second protocol on either side, and a held request costs the Next.js portal one pending
 * promise; a change is live on every connected gateway within the portal's check interval
 * plus one round trip, well inside the 2 s the contract asks for.
 *
 * Failures never take away what is being served: network errors and 5xx are retried with
 * backoff; a refused token (401) is logged once, with the portal's reason, and retried with
 * backoff too (a new token takes a restart: it comes from the environment). Only a gateway
 * with neither a portal answer nor a cache file is not ready.
 */
export class RemoteConfigSource<T extends RemoteConfig = RemoteConfig> {
  private readonly stopper = new AbortController();
  private readonly backoff: Backoff;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private current: T | null = null;
  private source: "portal" | "cache" | null = null;
  private problem: string | null = null;
  /** The last failure logged (kind + code), so an outage is one line and its end another. */
  private failing: string | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: RemoteConfigSourceOptions<T>) {
    this.backoff = options.backoff ?? new Backoff();
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.now = options.now ?? Date.now;
  }

  /** The configuration in force, or null before the first one. */
  get config(): T | null {
    return this.current;
  }

  status(): RemoteConfigStatus {
    return { ready: this.current !== null, reason: this.problem, source: this.source, revision: this.current?.revision ?? null };
  }

  /**
   * Starts the loop; `onUpdate` gets every new configuration, the cached one included.
   * Resolves once the first attempt is over (a configuration from the portal or the cache, or
   * none with a reason in `status()`), so the gateway can listen with what it has.
   */
  start(onUpdate: (config: T) => void): Promise<void> {
    let firstDone!: () => void;
    const first = new Promise<void>((resolve) => (firstDone = resolve));
    this.loop = this.run(onUpdate, firstDone).catch((error) => {
      if (!this.stopper.signal.aborted) log.error("configuration loop failed", { error: String(error) });
      firstDone();
    });
    return first;
  }

  /** Ends the loop and any request held by the portal. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  private async run(onUpdate: (config: T) => void, firstDone: () => void): Promise<void> {
    const signal = this.stopper.signal;
    const reply = await this.fetchConfig(null);
    if (signal.aborted) return firstDone();
    // Without `revision` the portal always answers with the configuration (never 304).
    if (reply.ok && reply.config !== null) this.accept(reply.config, onUpdate);
    else await this.fallBackToCache(reply.ok ? "the portal sent no configuration" : reply.reason, onUpdate);
    firstDone();
    if (this.source !== "portal") await this.pause(signal);
    while (!signal.aborted) {
      const next = await this.fetchConfig(this.current && this.source === "portal" ? this.current.revision : null);
      if (signal.aborted) return;
      if (next.ok) {
        if (next.config !== null) this.accept(next.config, onUpdate);
        continue; // 304: the portal held the request 25 s without a change; ask again at once
      }
      await this.pause(signal);
    }
  }

  private async fallBackToCache(reason: string, onUpdate: (config: T) => void): Promise<void> {
    const read = await this.options.cache.read();
    if (!read.ok) {
      this.problem = `${reason}; ${read.reason}`;
      log.error("no configuration to serve: not ready until the portal answers", { reason, cache: read.reason });
      return;
    }
    const cached = read.cached;
    if (cached.config.gatewayId !== this.options.gatewayId) {
      this.problem = `${reason}; the cache file ${this.options.cache.file} belongs to gateway '${cached.config.gatewayId}'`;
      log.error("no configuration to serve: the cache file belongs to another gateway", { reason, cacheGateway: cached.config.gatewayId });
      return;
    }
    this.current = cached.config;
    this.source = "cache";
    this.problem = `serving the cached configuration: ${reason}`;
    log.warn("portal unavailable: serving the cached configuration", {
      reason,
      file: this.options.cache.file,
      revision: cached.config.revision,
      ageSeconds: Math.round((this.now() - cached.savedAt) / 1000),
    });
    onUpdate(cached.config);
  }

  private accept(config: T, onUpdate: (config: T) => void): void {
    const previous = this.current;
    this.current = config;
    this.source = "portal";
    this.problem = null;
    log.info("configuration received from the portal", { revision: config.revision, previous: previous?.revision ?? null, apis: config.rows.apis.length });
    onUpdate(config);
    this.options.cache.write(config, this.now()).catch((error) => {
      log.error("configuration cache not written", { file: this.options.cache.file, error: String(error) });
    });
  }

  private async pause(signal: AbortSignal): Promise<void> {
    try {
      await this.sleep(this.backoff.fail(), signal);
    } catch {
      // aborted: the loop checks the signal
    }
  }

  /** One `GET /config`: a new configuration, null for 304, or why there is none (logged once per outage). */
  private async fetchConfig(revision: number | null): Promise<{ ok: true; config: T | null } | { ok: false; reason: string }> {
    const reply = await this.options.client.send({
      method: "GET",
      path: revision === null ? "/config" : `/config?revision=${revision}`,
      timeoutMs: this.options.longPollTimeoutMs ?? LONG_POLL_TIMEOUT_MS,
      signal: this.stopper.signal,
    });
    if (this.stopper.signal.aborted) return { ok: false, reason: "stopping" };
    const outcome = this.interpret(reply);
    if (outcome.ok) {
      if (this.failing !== null) log.info("portal reachable again", { was: this.failing });
      this.failing = null;
      this.backoff.reset();
      return outcome;
    }
    if (this.failing !== outcome.key) outcome.logLine();
    this.failing = outcome.key;
    // Whatever is served keeps being served; status() tells /readyz why it may be stale.
    if (this.current !== null) this.problem = `serving ${this.source === "cache" ? "the cached" : "the last"} configuration: ${outcome.reason}`;
    return outcome;
  }

  private interpret(reply: PortalReply): { ok: true; config: T | null } | { ok: false; reason: string; key: string; logLine: () => void } {
    if (reply.ok && reply.status === 304) return { ok: true, config: null };
    if (reply.ok) {
      const parsed = this.options.schema.safeParse(reply.body);
      if (!parsed.success) {
        const reason = `the portal's configuration is malformed: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`;
        return { ok: false, reason, key: "malformed", logLine: () => log.error("configuration refused", { reason }) };
      }
      if (parsed.data.gatewayId !== this.options.gatewayId) {
        const reason = `the portal sent the configuration of gateway '${parsed.data.gatewayId}'`;
        return { ok: false, reason, key: "wrong-gateway", logLine: () => log.error("configuration refused", { reason }) };
      }
      return { ok: true, config: parsed.data };
    }
    if (reply.kind === "unauthorized") {
      const reason = `the portal refused the gateway token (${reply.code}): ${reply.message}`;
      return {
        ok: false,
        reason,
        key: `401 ${reply.code}`,
        logLine: () =>
          log.error("gateway token refused by the portal: serving only the configuration already held; a new token needs a restart", {
            code: reply.code,
            message: reply.message,
            serving: this.current === null ? null : { source: this.source, revision: this.current.revision },
          }),
      };
    }
    const reason = reply.kind === "network" ? `portal unreachable: ${reply.message}` : `the portal answered ${reply.status} (${reply.code}): ${reply.message}`;
    return {
      ok: false,
      reason,
      key: reply.kind === "network" ? "network" : `status ${reply.status}`,
      logLine: () => log.warn("configuration fetch failed: retrying with backoff, serving what is held", { reason }),
    };
  }
}
