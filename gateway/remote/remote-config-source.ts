import { setTimeout as delay } from "node:timers/promises";
import type { ConfigSource, ConfigSourceHandlers, ConfigSourceStatus } from "../config/config-source";
import { log } from "../log";
import { Backoff } from "./backoff";
import type { ConfigCache } from "./config-cache";
import type { PortalClient, PortalReply } from "./portal-client";
import { CONFIG_LONG_POLL_MS, configResponseSchema, GATEWAY_API_PATHS, type ConfigResponse } from "./protocol";

/**
 * How long a `GET /config?revision=N` may take: the portal's hold plus time for the answer to
 * travel. Past it the request is given up as lost, not taken as "no change".
 */
const LONG_POLL_TIMEOUT_MS = CONFIG_LONG_POLL_MS + 5_000;

export interface RemoteConfigSourceOptions {
  gatewayId: string;
  client: Pick<PortalClient, "send">;
  cache: ConfigCache<ConfigResponse>;
  backoff?: Backoff;
  /** Waits between retries; handed in so tests can run the loop without real time. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  longPollTimeoutMs?: number;
  now?: () => number;
}

type Fetched = { ok: true; config: ConfigResponse | null } | { ok: false; reason: string; key: string; logLine: () => void };

/**
 * A self-hosted gateway's configuration source (DESIGN §6): the portal's gateway API, with the
 * cache file (`GATEWAY_CONFIG_CACHE`) as the fallback.
 *
 * Changes arrive by long-poll: `GET /config?revision=N` is held by the portal until its revision
 * moves (it checks every ~200 ms) or 25 s pass (304), and is asked again at once. That is plain
 * HTTP, so it crosses every proxy and load balancer that lets a slow request through, needs no
 * second protocol on either side, and a held request costs the Next.js portal one pending
 * promise; a change is live on every connected gateway within the portal's check interval plus
 * one round trip, well inside the 2 s the contract asks for.
 *
 * Failures never take away what is being served: network errors and 5xx are retried with
 * backoff (1 s doubling to 30 s, jittered); a refused token (401) is logged once, with the
 * portal's reason, and retried with backoff too, since an administrator may fix the gateway's
 * keys on the portal's side. A new token takes a restart (it is read from the environment
 * once). Only a gateway with neither a portal answer nor a usable cache file has nothing to
 * serve; then `status` says why and /readyz answers 503 with it.
 */
export class RemoteConfigSource implements ConfigSource {
  private readonly stopper = new AbortController();
  private readonly backoff: Backoff;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private handlers: ConfigSourceHandlers | null = null;
  /** The configuration last delivered, and where it came from. */
  private current: ConfigResponse | null = null;
  private origin: "portal" | "cache" | null = null;
  private state: ConfigSourceStatus = { readable: false, reason: "not started" };
  /** The failure last logged (kind and code), so an outage is one line and its end another. */
  private failing: string | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: RemoteConfigSourceOptions) {
    this.backoff = options.backoff ?? new Backoff();
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.now = options.now ?? Date.now;
  }

  get status(): ConfigSourceStatus {
    return this.state;
  }

  /** The revision in service (null before any) and whether it came from the cache file. */
  get served(): { revision: number; origin: "portal" | "cache" } | null {
    return this.current && this.origin ? { revision: this.current.revision, origin: this.origin } : null;
  }

  start(handlers: ConfigSourceHandlers): Promise<void> {
    this.handlers = handlers;
    let firstDone!: () => void;
    const first = new Promise<void>((resolve) => (firstDone = resolve));
    this.loop = this.run(firstDone).catch((error) => {
      if (!this.stopper.signal.aborted) log.error("configuration loop failed", { error: String(error) });
      firstDone();
    });
    return first;
  }

  /** Ends the loop and the request the portal may be holding. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  private async run(firstDone: () => void): Promise<void> {
    const signal = this.stopper.signal;
    const first = await this.fetchConfig(null);
    if (signal.aborted) return firstDone();
    // Without `revision` the portal always answers with the configuration (never 304).
    if (first.ok && first.config !== null) this.accept(first.config);
    else await this.fallBackToCache(first.ok ? "the portal sent no configuration" : first.reason);
    firstDone();
    if (this.origin !== "portal") await this.pause();
    while (!signal.aborted) {
      // After the cache, ask without a revision: the portal's answer replaces the file's even when the revisions match.
      const next = await this.fetchConfig(this.origin === "portal" ? this.current!.revision : null);
      if (signal.aborted) return;
      if (!next.ok) await this.pause();
      else if (next.config !== null) this.accept(next.config);
      // 304: the portal held the request for its whole hold without a change; ask again at once.
    }
  }

  private async fallBackToCache(reason: string): Promise<void> {
    const read = await this.options.cache.read();
    if (!read.ok) {
      this.setStatus({ readable: false, reason: `${reason}; ${read.reason}` });
      log.error("no configuration to serve: not ready until the portal answers", { reason, cache: read.reason });
      return;
    }
    const { config, savedAt } = read.cached;
    if (config.gatewayId !== this.options.gatewayId) {
      this.setStatus({ readable: false, reason: `${reason}; the cache file ${this.options.cache.file} belongs to gateway '${config.gatewayId}'` });
      log.error("no configuration to serve: the cache file belongs to another gateway", { reason, file: this.options.cache.file, cacheGateway: config.gatewayId });
      return;
    }
    log.warn("portal unavailable: serving the cached configuration", {
      reason,
      file: this.options.cache.file,
      revision: config.revision,
      ageSeconds: Math.round((this.now() - savedAt) / 1000),
    });
    this.deliver(config, "cache");
    this.setStatus({ readable: false, reason: `serving the cached configuration (revision ${config.revision}): ${reason}` });
  }

  /** A configuration from the portal: delivered if it is new, and written to the cache file in the background. */
  private accept(config: ConfigResponse): void {
    const previous = this.current;
    const changed = previous === null || previous.revision !== config.revision || previous.keyHashKey !== config.keyHashKey;
    this.setStatus({ readable: true, reason: null });
    if (changed) {
      log.info("configuration received from the portal", { revision: config.revision, previous: previous?.revision ?? null, apis: config.rows.apis.length });
      this.deliver(config, "portal");
      this.options.cache.write(config, this.now()).catch((error) => {
        log.error("configuration cache not written", { file: this.options.cache.file, error: String(error) });
      });
    }
    this.origin = "portal";
  }

  private deliver(config: ConfigResponse, origin: "portal" | "cache"): void {
    this.current = config;
    this.origin = origin;
    this.handlers?.onUpdate({ rows: config.rows, keyHashKey: Buffer.from(config.keyHashKey, "base64") });
  }

  private setStatus(next: ConfigSourceStatus): void {
    if (next.readable === this.state.readable && next.reason === this.state.reason) return;
    this.state = next;
    this.handlers?.onStatus(next);
  }

  private async pause(): Promise<void> {
    try {
      await this.sleep(this.backoff.fail(), this.stopper.signal);
    } catch {
      // aborted: the loop checks the signal
    }
  }

  /** One `GET /config`: a new configuration, null for 304, or why there is none (logged once per outage). */
  private async fetchConfig(revision: number | null): Promise<Fetched> {
    const reply = await this.options.client.send({
      method: "GET",
      path: revision === null ? GATEWAY_API_PATHS.config : `${GATEWAY_API_PATHS.config}?revision=${revision}`,
      timeoutMs: this.options.longPollTimeoutMs ?? LONG_POLL_TIMEOUT_MS,
      signal: this.stopper.signal,
    });
    if (this.stopper.signal.aborted) return { ok: false, reason: "stopping", key: "stopping", logLine: () => {} };
    // A portal set to hold longer than we wait (PORTCULLIS_GATEWAY_LONGPOLL_MS up to 120 s) looks like a timeout:
    // that is "no change yet", asked again at once on a fresh connection (which also gets past a connection a network dropped silently).
    if (revision !== null && !reply.ok && reply.kind === "network" && reply.timedOut) return { ok: true, config: null };
    const outcome = this.interpret(reply);
    if (outcome.ok) {
      if (this.failing !== null) log.info("portal reachable again", { was: this.failing });
      this.failing = null;
      this.backoff.reset();
      return outcome;
    }
    if (this.failing !== outcome.key) outcome.logLine();
    this.failing = outcome.key;
    // What is served stays in service; the status tells /readyz why it may be stale.
    if (this.current !== null) {
      const held = this.origin === "cache" ? `the cached configuration (revision ${this.current.revision})` : `revision ${this.current.revision}`;
      this.setStatus({ readable: false, reason: `serving ${held}: ${outcome.reason}` });
    } else {
      this.setStatus({ readable: false, reason: outcome.reason });
    }
    return outcome;
  }

  private interpret(reply: PortalReply): Fetched {
    if (reply.ok && reply.status === 304) return { ok: true, config: null };
    if (reply.ok) {
      const parsed = configResponseSchema.safeParse(reply.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const reason = `the portal's configuration is malformed (${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""})`;
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
            reason: reply.message,
            serving: this.current === null ? null : { origin: this.origin, revision: this.current.revision },
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
