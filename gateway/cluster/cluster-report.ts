import type { Worker } from "node:cluster";
import type { AdminReport } from "../admin/admin-server";
import type { GatewayStatus } from "../gateway";

/** The revision every worker has reached: null until each has loaded one. */
export function clusterRevision(statuses: readonly GatewayStatus[]): number | null {
  const revisions = statuses.map((s) => s.configRevision);
  return revisions.length === 0 || revisions.includes(null) ? null : Math.min(...(revisions as number[]));
}

/** What the primary's /healthz and /readyz say: ready when all `expectedWorkers` run and are ready. */
export function clusterReport(cluster: {
  gatewayId: string;
  expectedWorkers: number;
  draining: boolean;
  workers: readonly Worker[];
  /** Each worker's status, by worker id (absent: it did not answer). */
  answers: ReadonlyMap<number, GatewayStatus>;
  /** The primary's own telemetry sink's queue. */
  own: { pending: number; dropped: number };
}): AdminReport {
  const workers = cluster.workers.map((worker) => {
    const status = cluster.answers.get(worker.id);
    return status ? { worker: worker.id, ...status } : { worker: worker.id, pid: worker.process.pid, ready: false, answered: false };
  });
  const statuses = [...cluster.answers.values()];
  const ready = !cluster.draining && workers.length === cluster.expectedWorkers && workers.every((w) => w.ready);
  const reason = statuses.find((s) => s.reason !== undefined)?.reason;
  return {
    ready,
    details: {
      ...(reason !== undefined && { reason }),
      gateway: cluster.gatewayId,
      connections: statuses.reduce((n, s) => n + s.connections, 0),
      configRevision: clusterRevision(statuses),
      logRowsPending: statuses.reduce((n, s) => n + s.logRowsPending, cluster.own.pending),
      logRowsDropped: statuses.reduce((n, s) => n + s.logRowsDropped, cluster.own.dropped),
      workers,
    },
  };
}
