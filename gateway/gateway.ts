import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { hostname } from "node:os";
import { rootCertificates } from "node:tls";
import { type Clock, type Repeating, systemClock } from "./clock";
import { createAdminServer } from "./admin/admin-server";
import { watchDatabaseFile } from "./admin/watch-database-file";
import type { ConfigSource } from "./config/config-source";
import { ConfigStore } from "./config/config-store";
import type { GatewayEnv } from "./config/env";
import { createEmbeddedSeams } from "./database-worker/embedded-seams";
import { abortHandshake } from "./handshake/abort-handshake";
import { createUpgradeHandler } from "./handshake/handle-upgrade";
import { createPolicyServices } from "./handshake/policy-services";
import { createCounterStore, type ClosableCounterStore } from "./policies/counters/create-counter-store";
import { OpenIdKeyCache } from "./policies/services/openid-keys";
import { log } from "./log";
import { pushLogProgress } from "./telemetry/log-progress";
import { GatewayMetrics, NO_API } from "./telemetry/metrics";
import { MinuteMetricsCollector } from "./telemetry/minute-metrics";
import type { CloseRequest, TelemetrySink } from "./telemetry/telemetry-sink";
import { closeRequestedConnections } from "./tunnel/close-requests";
import { CLOSE_GOING_AWAY } from "./tunnel/close-codes";
import { type RelayKind, selectRelay } from "./tunnel/relay";
import type { RelayedConnection } from "./tunnel/relay-types";
import { TunnelSweep } from "./tunnel/tunnel-sweep";
import { GATEWAY_VERSION } from "./version";

/** The seams the gateway reads configuration from and writes telemetry to (DESIGN §6). */
export interface GatewaySeams {
  config: ConfigSource;
  telemetry: TelemetrySink;
  /** The SQLite file behind the embedded seams, watched for being removed or replaced; none for remote seams. */
  databaseFile?: string;
}

/** How a gateway process is embedded: alone (the default), or as one worker of a cluster. */
export interface GatewayOptions {
  /** Rate-limit and quota counters; default from the environment (Redis with REDIS_URL, else this process's memory). */
  counters?: ClosableCounterStore;
  /**
   * A worker of a cluster (gateway/cluster/): the primary does what happens once per gateway
   * instance (admin listener, heartbeat, per-minute rows from every worker's totals, close
   * requests); this process serves connections and logs them.
   */
  clusterWorker?: boolean;
  /** The time the gateway, its policies and its tunnel sweep run on; default the system clock. */
  clock?: Clock;
}

/** What /healthz and /readyz say about one gateway process. */
export interface GatewayStatus {
  ready: boolean;
  connections: number;
  configRevision: number | null;
  configReadable: boolean;
  configError?: string;
  logRowsPending: number;
  logRowsDropped: number;
  telemetryError?: string;
  /** Why the process must not get traffic although configuration is loaded (its database file swapped under it). */
  reason?: string;
}

/**
 * A running gateway: the client listener, the admin listener and their state. Configuration
 * comes in and telemetry goes out only through the seams; the handshake path and the relay
 * never learn what is behind them, and never wait on them.
 */
export class Gateway {
  readonly tunnels = new Set<RelayedConnection>();
  /** What relays bytes after the 101 in this process (GATEWAY_RELAY; TLS connections always use JS). */
  readonly relay: RelayKind;
  readonly metrics: GatewayMetrics;
  readonly config = new ConfigStore();
  private readonly source: ConfigSource;
  private readonly telemetry: TelemetrySink;
  private readonly minuteMetrics: MinuteMetricsCollector;
  private readonly server: http.Server;
  private readonly admin: http.Server | null;
  private readonly clusterWorker: boolean;
  private readonly counters: ClosableCounterStore;
  private readonly databaseFile: ReturnType<typeof watchDatabaseFile> | null;
  private draining = false;
  private timers: Repeating[] = [];
  private readonly clock: Clock;
  private readonly sweep: TunnelSweep;

  constructor(
    private readonly env: GatewayEnv,
    seams: GatewaySeams = createEmbeddedSeams(env),
    options: GatewayOptions = {},
  ) {
    this.clusterWorker = options.clusterWorker ?? false;
    this.clock = options.clock ?? systemClock;
    this.sweep = new TunnelSweep(this.clock);
    this.relay = selectRelay(env.GATEWAY_RELAY);
    this.source = seams.config;
    this.telemetry = seams.telemetry;
    this.metrics = new GatewayMetrics(env.GATEWAY_ID, () => this.telemetry.status);
    this.minuteMetrics = new MinuteMetricsCollector(this.metrics);
    this.counters = options.counters ?? createCounterStore(env, this.metrics);
    this.databaseFile = seams.databaseFile ? watchDatabaseFile(seams.databaseFile) : null;

    const serverOptions: http.ServerOptions = {
      maxHeaderSize: env.GATEWAY_MAX_HEADER_BYTES,
      headersTimeout: env.GATEWAY_HANDSHAKE_TIMEOUT_MS,
      requestTimeout: env.GATEWAY_HANDSHAKE_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, env.GATEWAY_HANDSHAKE_TIMEOUT_MS),
      keepAliveTimeout: 5000,
      noDelay: true,
    };
    this.server =
      env.GATEWAY_TLS_CERT_FILE && env.GATEWAY_TLS_KEY_FILE
        ? https.createServer({ ...serverOptions, cert: readFileSync(env.GATEWAY_TLS_CERT_FILE), key: readFileSync(env.GATEWAY_TLS_KEY_FILE) })
        : http.createServer(serverOptions);

    const backendCa = env.GATEWAY_BACKEND_CA_FILE ? [...rootCertificates, readFileSync(env.GATEWAY_BACKEND_CA_FILE, "utf8")] : undefined;
    const pending = { count: 0 };
    this.server.on(
      "upgrade",
      createUpgradeHandler({
        gatewayId: env.GATEWAY_ID,
        config: this.config,
        metrics: this.metrics,
        telemetry: this.telemetry,
        tunnels: this.tunnels,
        sweep: this.sweep,
        limits: {
          maxConnections: env.GATEWAY_MAX_CONNECTIONS,
          backendTimeoutMs: env.GATEWAY_BACKEND_TIMEOUT_MS,
          closeTimeoutMs: env.GATEWAY_CLOSE_TIMEOUT_MS,
        },
        backendCa,
        pending,
        isDraining: () => this.draining,
        policyServices: createPolicyServices({
          counters: this.counters,
          jwt: new OpenIdKeyCache({ now: () => this.clock.now() }),
          now: () => this.clock.now(),
        }),
      }),
    );
    this.server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => this.onPlainRequest(req, res));
    this.server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
      if (error.code === "HPE_HEADER_OVERFLOW") return abortHandshake(socket, 431, "Request header fields too large.");
      if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return abortHandshake(socket, 408, "The handshake request was not completed in time.");
      abortHandshake(socket, 400, "Malformed HTTP request.");
    });

    this.admin = this.clusterWorker
      ? null
      : createAdminServer(this.metrics.registry, () => {
          const { ready, ...details } = this.status();
          return { ready, details: { gateway: env.GATEWAY_ID, ...details } };
        });
  }

  /** This process's readiness and figures, as the admin listener (or a cluster's primary) reports them. */
  status(): GatewayStatus {
    const telemetry = this.telemetry.status;
    const source = this.config.status;
    const problem = this.databaseFile?.problem ?? null;
    return {
      ready: this.config.isLoaded && !this.draining && problem === null,
      ...(problem !== null && { reason: problem }),
      connections: this.tunnels.size,
      configRevision: this.config.isLoaded ? this.config.current.revision : null,
      configReadable: source.readable,
      ...(source.reason !== null && { configError: source.reason }),
      logRowsPending: telemetry.pending,
      logRowsDropped: telemetry.dropped,
      ...(telemetry.failing !== null && { telemetryError: telemetry.failing }),
    };
  }

  /** Starts the seams (the first configuration delivered or found missing) and both listeners; resolves with their ports. */
  async listen(): Promise<{ port: number; adminPort: number | null }> {
    await this.telemetry.start({
      onLogRowDropped: (apiId) => this.metrics.logRowDropped(apiId),
      onCloseRequests: (requests) => this.closeRequested(requests),
    });
    await this.databaseFile?.start();
    await this.source.start(this.config.handlers);
    // The first handshakes should be counted in Redis, not let through (or refused) while it connects; start-up never waits longer.
    await this.counters.ready?.(1000);
    // Open connections' counters so far reach their log rows (the live connections page), in every
    // process that relays; half the log queue stays free for handshakes and closes.
    this.every(this.env.GATEWAY_METRICS_FLUSH_MS, () =>
      pushLogProgress(this.tunnels, this.telemetry, Math.floor(this.env.GATEWAY_LOG_QUEUE_MAX / 2) - this.telemetry.status.pending),
    );
    if (this.clusterWorker) {
      await new Promise<void>((resolve) => this.server.listen(this.env.GATEWAY_PORT, this.env.GATEWAY_HOST, resolve));
      return { port: (this.server.address() as AddressInfo).port, adminPort: null };
    }
    this.every(this.env.GATEWAY_METRICS_FLUSH_MS, () => this.telemetry.pushMinuteMetrics(this.minuteMetrics.collect()));
    this.heartbeat();
    this.every(this.env.GATEWAY_HEARTBEAT_MS, () => this.heartbeat());
    await new Promise<void>((resolve) => this.server.listen(this.env.GATEWAY_PORT, this.env.GATEWAY_HOST, resolve));
    const admin = this.admin!;
    await new Promise<void>((resolve) => admin.listen(this.env.GATEWAY_ADMIN_PORT, this.env.GATEWAY_ADMIN_HOST, resolve));
    return { port: (this.server.address() as AddressInfo).port, adminPort: (admin.address() as AddressInfo).port };
  }

  /**
   * Graceful stop: refuse new handshakes, let open connections go on for the drain period,
   * then close each with 1001 at a frame boundary and wait for them to end.
   */
  async shutdown(drainSeconds = this.env.GATEWAY_DRAIN_SECONDS): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    this.server.close();
    log.info("gateway draining", { connections: this.tunnels.size, drainSeconds });
    const deadline = Date.now() + drainSeconds * 1000;
    while (this.tunnels.size > 0 && Date.now() < deadline) await sleep(Math.min(100, deadline - Date.now()));
    for (const tunnel of this.tunnels) tunnel.close(CLOSE_GOING_AWAY, "Gateway shutting down");
    const closeDeadline = Date.now() + this.env.GATEWAY_CLOSE_TIMEOUT_MS + 500;
    while (this.tunnels.size > 0 && Date.now() < closeDeadline) await sleep(20);
    for (const tunnel of this.tunnels) tunnel.destroy();
    for (const timer of this.timers) timer.cancel();
    this.databaseFile?.stop();
    await this.source.stop();
    // The last per-minute rows and every queued log row (completed with its close) go before the sink stops.
    // (A cluster worker's totals go to its primary instead, which writes the instance's rows.)
    if (!this.clusterWorker) this.telemetry.pushMinuteMetrics(this.minuteMetrics.collect());
    await this.telemetry.stop();
    await this.counters.close();
    this.admin?.close();
    this.server.closeAllConnections();
  }

  private every(ms: number, fn: () => void): void {
    this.timers.push(this.clock.every(ms, fn));
  }

  /** Tells the sink this instance is alive (the portal's Gateways page shows it); never reloads configuration. */
  private heartbeat(): void {
    this.telemetry.heartbeat({
      gatewayId: this.env.GATEWAY_ID,
      host: hostname(),
      version: GATEWAY_VERSION,
      revision: this.config.isLoaded ? this.config.current.revision : null,
      openConnections: this.tunnels.size,
      at: this.clock.now(),
    });
  }

  /** Closes the open connections named by close requests (1008 with each reason); returns the log ids it closed. */
  closeConnections(requests: readonly CloseRequest[]): string[] {
    return closeRequestedConnections(requests, this.tunnels)
      .filter((r) => r.outcome === "closed")
      .map((r) => r.request.logId);
  }

  /** Closes the connections administrators asked to close and reports each outcome. */
  private closeRequested(requests: readonly CloseRequest[]): void {
    for (const { request, outcome } of closeRequestedConnections(requests, this.tunnels)) {
      this.telemetry.closeRequestDone(request.id, outcome);
      log.info("close request", { id: request.id, connection: request.logId, outcome });
    }
  }

  /** A plain HTTP request: 400 on an API path (it must be an upgrade), 404 elsewhere. */
  private onPlainRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { pathname } = { pathname: (req.url ?? "/").split("?")[0]! };
    const route = this.config.isLoaded ? this.config.current.router.match(pathname) : null;
    const status = route ? 400 : 404;
    const message = route ? "This is a WebSocket API: send a WebSocket upgrade request (GET with 'Upgrade: websocket')." : "Resource not found";
    const body = JSON.stringify({ statusCode: status, message });
    this.metrics.forApi(route ? route.api.id : NO_API);
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), Connection: "close" });
    res.end(body);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
