import http from "node:http";
import type { GatewayMetrics } from "../telemetry/metrics";

export interface AdminStatus {
  /** Configuration loaded and the gateway accepting connections. */
  ready: () => boolean;
  /** Extra fields for /healthz and /readyz. */
  details: () => Record<string, unknown>;
  /** Why the gateway must not get traffic though `ready()` holds (a database file swapped under it), or null. */
  problem?: () => string | null;
}

/** The admin listener: `/healthz` (alive), `/readyz` (config loaded, not draining), `/metrics`. */
export function createAdminServer(metrics: GatewayMetrics, status: AdminStatus): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { status: "method not allowed" });
    switch (path) {
      case "/healthz":
        return send(res, 200, { status: "ok", ...status.details() });
      case "/readyz": {
        // The details (log rows pending and dropped among them) ride along so a probe's output shows a struggling log writer.
        const problem = status.problem?.() ?? null;
        if (problem) return send(res, 503, { status: "not ready", reason: problem, ...status.details() });
        return status.ready() ? send(res, 200, { status: "ready", ...status.details() }) : send(res, 503, { status: "not ready", ...status.details() });
      }
      case "/metrics":
        metrics.registry.metrics().then(
          (text) => {
            res.writeHead(200, { "Content-Type": metrics.registry.contentType });
            res.end(text);
          },
          (error) => send(res, 500, { status: "error", message: String(error) }),
        );
        return;
      default:
        return send(res, 404, { status: "not found" });
    }
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
