import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { rootCertificates } from "node:tls";
import { openDatabase, type Db } from "../db/client";
import { loadInstanceSecrets } from "../db/secrets";
import { createAdminServer } from "./admin/admin-server";
import { ConfigStore } from "./config/config-store";
import type { GatewayEnv } from "./config/env";
import { abortHandshake } from "./handshake/abort-handshake";
import { createUpgradeHandler } from "./handshake/handle-upgrade";
import { createPolicyServices } from "./handshake/policy-services";
import { MemoryCounterStore } from "./policies/counters/memory-counter-store";
import type { CounterStore } from "./policies/policy";
import { OpenIdKeyCache } from "./policies/services/openid-keys";
import { log } from "./log";
import { startHeartbeat } from "./telemetry/heartbeat";
import { LogWriter } from "./telemetry/log-writer";
import { GatewayMetrics, NO_API } from "./telemetry/metrics";
import { MinuteMetricsWriter } from "./telemetry/minute-metrics";
import { closeOrphanedConnections } from "./telemetry/orphaned-connections";
import { LogRetention } from "./telemetry/retention";
import { CloseRequestPoller, closeRequestedTunnels, type CloseRequest } from "./tunnel/close-requests";
import { CLOSE_GOING_AWAY } from "./tunnel/frame-scanner";
import type { Tunnel } from "./tunnel/tunnel";

/** How a gateway process is embedded: alone (the default), or as one worker of a cluster. */
export interface GatewayOptions {
  /** Rate-limit and quota counters; default a MemoryCounterStore of this process. */
  counters?: CounterStore;
  /**
   * A worker of a cluster (gateway/cluster/): the primary runs what happens once per gateway
   * instance (admin listener, heartbeat, per-minute rows, retention, orphaned rows, close-request
   * polling); this process serves connections and writes its own log rows.
   */
  clusterWorker?: boolean;
}

/** What /healthz and /readyz say about one gateway process. */
export interface GatewayStatus {
  ready: boolean;
  connections: number;
  configRevision: number | null;
  logRowsPending: number;
  logRowsDropped: number;
}

/** A running gateway: the client listener, the admin listener and their state. */
export class Gateway {
  readonly tunnels = new Set<Tunnel>();
  readonly metrics: GatewayMetrics;
  readonly config: ConfigStore;
  readonly logs: LogWriter;
  private readonly minuteMetrics: MinuteMetricsWriter;
  private readonly retention: LogRetention;
  private readonly closeRequests: CloseRequestPoller;
  private readonly telemetry: boolean;
  private readonly server: http.Server;
  private readonly admin: http.Server | null;
  private readonly clusterWorker: boolean;
  private readonly configDb: Db;
  private readonly logDb: Db;
  private draining = false;
  private stopHeartbeat: (() => void) | null = null;

  constructor(
    private readonly env: GatewayEnv,
    options: GatewayOptions = {},
  ) {
    this.clusterWorker = options.clusterWorker ?? false;
    // Writes (logs) go through their own connection; configuration is read through a read-only one.
    this.logDb = openDatabase(env.PORTCULLIS_DB);
    this.configDb = openDatabase(env.PORTCULLIS_DB, { readonly: true });
    this.metrics = new GatewayMetrics(env.GATEWAY_ID);
    this.config = new ConfigStore(this.configDb, env.GATEWAY_ID);
    this.telemetry = env.GATEWAY_TELEMETRY === "on";
    this.logs = new LogWriter(this.logDb, env.GATEWAY_LOG_QUEUE_MAX, (record) => this.metrics.logRowDropped(record.apiId), this.telemetry);
    this.minuteMetrics = new MinuteMetricsWriter(this.logDb, this.metrics);
    this.retention = new LogRetention(this.logDb, env.GATEWAY_LOG_RETENTION_DAYS);
    this.closeRequests = new CloseRequestPoller(this.logDb, env.GATEWAY_ID, (requests) => ({ closed: this.closeConnections(requests), complete: true }));

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
        logs: this.logs,
        tunnels: this.tunnels,
        limits: {
          maxConnections: env.GATEWAY_MAX_CONNECTIONS,
          backendTimeoutMs: env.GATEWAY_BACKEND_TIMEOUT_MS,
          closeTimeoutMs: env.GATEWAY_CLOSE_TIMEOUT_MS,
        },
        backendCa,
        pending,
        isDraining: () => this.draining,
        keyHmacKey: loadInstanceSecrets(env.PORTCULLIS_DB).keyHmacKey,
        policyServices: createPolicyServices({
          counters: options.counters ?? new MemoryCounterStore(),
          jwt: new OpenIdKeyCache(),
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

  /** This process's readiness and figures, as the admin listener reports them. */
  status(): GatewayStatus {
    return {
      ready: this.config.isLoaded && !this.draining,
      connections: this.tunnels.size,
      configRevision: this.config.isLoaded ? this.config.current.revision : null,
      logRowsPending: this.logs.pending,
      logRowsDropped: this.logs.dropped,
    };
  }

  /** Closes the open connections named by close requests (1008 with each reason); returns the log ids it closed. */
  closeConnections(requests: readonly CloseRequest[]): Set<string> {
    return closeRequestedTunnels(this.tunnels, requests);
  }

  /** Loads configuration and starts both listeners; resolves with their ports. */
  async listen(): Promise<{ port: number; adminPort: number | null }> {
    this.config.start(this.env.GATEWAY_CONFIG_POLL_MS);
    if (this.clusterWorker) {
      if (this.telemetry) this.logs.start(this.env.GATEWAY_LOG_FLUSH_MS);
      await new Promise<void>((resolve) => this.server.listen(this.env.GATEWAY_PORT, this.env.GATEWAY_HOST, resolve));
      return { port: (this.server.address() as AddressInfo).port, adminPort: null };
    }
    if (this.telemetry) {
      // Before the first handshake: any open row of this gateway is left from a run that died.
      closeOrphanedConnections(this.logDb, this.env.GATEWAY_ID);
      this.logs.start(this.env.GATEWAY_LOG_FLUSH_MS);
      this.minuteMetrics.start(this.env.GATEWAY_METRICS_FLUSH_MS);
      this.retention.start(this.env.GATEWAY_RETENTION_INTERVAL_MS);
    }
    this.closeRequests.start(this.env.GATEWAY_CONFIG_POLL_MS);
    this.stopHeartbeat = startHeartbeat(this.logDb, this.env.GATEWAY_ID, this.env.GATEWAY_HEARTBEAT_MS);
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
    this.config.stop();
    this.closeRequests.stop();
    this.retention.stop();
    this.stopHeartbeat?.();
    this.logs.stop();
    this.minuteMetrics.stop();
    this.admin?.close();
    this.server.closeAllConnections();
    this.configDb.$client.close();
    this.logDb.$client.close();
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
