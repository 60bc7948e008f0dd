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
import { OpenIdKeyCache } from "./policies/services/openid-keys";
import { log } from "./log";
import { LogWriter } from "./telemetry/log-writer";
import { GatewayMetrics, NO_API } from "./telemetry/metrics";
import { MinuteMetricsWriter } from "./telemetry/minute-metrics";
import { closeOrphanedConnections } from "./telemetry/orphaned-connections";
import { LogRetention } from "./telemetry/retention";
import { CloseRequestPoller } from "./tunnel/close-requests";
import { CLOSE_GOING_AWAY } from "./tunnel/frame-scanner";
import type { Tunnel } from "./tunnel/tunnel";

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
  private readonly admin: http.Server;
  private readonly configDb: Db;
  private readonly logDb: Db;
  private draining = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;

  constructor(private readonly env: GatewayEnv) {
    // Writes (logs) go through their own connection; configuration is read through a read-only one.
    this.logDb = openDatabase(env.PORTCULLIS_DB);
    this.configDb = openDatabase(env.PORTCULLIS_DB, { readonly: true });
    this.metrics = new GatewayMetrics(env.GATEWAY_ID);
    this.config = new ConfigStore(this.configDb, env.GATEWAY_ID, Buffer.from(loadInstanceSecrets(env.PORTCULLIS_DB).keyHmacKey, "base64"));
    this.telemetry = env.GATEWAY_TELEMETRY === "on";
    this.logs = new LogWriter(this.logDb, env.GATEWAY_LOG_QUEUE_MAX, (record) => this.metrics.logRowDropped(record.apiId), this.telemetry);
    this.minuteMetrics = new MinuteMetricsWriter(this.logDb, this.metrics);
    this.retention = new LogRetention(this.logDb, env.GATEWAY_LOG_RETENTION_DAYS);
    this.closeRequests = new CloseRequestPoller(this.logDb, env.GATEWAY_ID, this.tunnels);

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
        policyServices: createPolicyServices({
          counters: new MemoryCounterStore(),
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

    this.admin = createAdminServer(this.metrics, {
      ready: () => this.config.isLoaded && !this.draining,
      details: () => ({
        gateway: env.GATEWAY_ID,
        connections: this.tunnels.size,
        configRevision: this.config.isLoaded ? this.config.current.revision : null,
        logRowsPending: this.logs.pending,
        logRowsDropped: this.logs.dropped,
      }),
    });
  }

  /** Loads configuration and starts both listeners; resolves with their ports. */
  async listen(): Promise<{ port: number; adminPort: number }> {
    this.config.start(this.env.GATEWAY_CONFIG_POLL_MS);
    if (this.telemetry) {
      // Before the first handshake: any open row of this gateway is left from a run that died.
      closeOrphanedConnections(this.logDb, this.env.GATEWAY_ID);
      this.logs.start(this.env.GATEWAY_LOG_FLUSH_MS);
      this.minuteMetrics.start(this.env.GATEWAY_METRICS_FLUSH_MS);
      this.retention.start(this.env.GATEWAY_RETENTION_INTERVAL_MS);
    }
    this.closeRequests.start(this.env.GATEWAY_CONFIG_POLL_MS);
    this.startHeartbeat();
    await new Promise<void>((resolve) => this.server.listen(this.env.GATEWAY_PORT, this.env.GATEWAY_HOST, resolve));
    await new Promise<void>((resolve) => this.admin.listen(this.env.GATEWAY_ADMIN_PORT, this.env.GATEWAY_ADMIN_HOST, resolve));
    return { port: (this.server.address() as AddressInfo).port, adminPort: (this.admin.address() as AddressInfo).port };
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
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.logs.stop();
    this.minuteMetrics.stop();
    this.admin.close();
    this.server.closeAllConnections();
    this.configDb.$client.close();
    this.logDb.$client.close();
  }

  /** Records that this gateway is alive (the portal's Gateways page shows it); never reloads configuration. */
  private startHeartbeat(): void {
    const beat = this.logDb.$client.prepare("UPDATE gateways SET last_heartbeat_at = ? WHERE id = ?");
    const tick = () => {
      try {
        beat.run(Date.now(), this.env.GATEWAY_ID);
      } catch (error) {
        log.warn("heartbeat failed", { error: String(error) });
      }
    };
    tick();
    this.heartbeatTimer = setInterval(tick, this.env.GATEWAY_HEARTBEAT_MS);
    this.heartbeatTimer.unref();
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
