import http from "node:http";

/** What /healthz and /readyz say: whether the gateway takes connections, and figures that ride along. */
export interface AdminReport {
  /** Configuration loaded and the gateway accepting connections (every worker, in a cluster). */
  ready: boolean;
  /** Extra fields for /healthz and /readyz. */
  details: Record<string, unknown>;
}

/** The Prometheus text to serve: a prom-client Registry, or a cluster's aggregation of its workers'. */
export interface MetricsText {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** The admin listener: `/healthz` (alive), `/readyz` (config loaded, not draining), `/metrics`. */
export function createAdminServer(metrics: MetricsText, report: () => AdminReport | Promise<AdminReport>): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { status: "method not allowed" });
    switch (path) {
      case "/healthz":
      case "/readyz":
        Promise.resolve(report()).then(
          ({ ready, details }) => {
            if (path === "/healthz") return send(res, 200, { status: "ok", ...details });
            // The details (log rows pending and dropped among them) ride along so a probe's output shows a struggling log writer.
            return ready ? send(res, 200, { status: "ready", ...details }) : send(res, 503, { status: "not ready", ...details });
          },
          (error) => send(res, 500, { status: "error", message: String(error) }),
        );
        return;
      case "/metrics":
        metrics.metrics().then(
          (text) => {
            res.writeHead(200, { "Content-Type": metrics.contentType });
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
