/**
 * The database thread's configuration messages, on a real thread and a real SQLite file: one at
 * a time, the next only once the main thread has applied the previous one, and then at once with
 * the newest rows (a main thread busy relaying finds one message waiting, never a queue of
 * stale revisions).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseThread, type DatabaseThreadEvent } from "@/gateway/database-worker/database-thread";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

const POLL_MS = 20;

type ConfigMessage = Extract<DatabaseThreadEvent, { type: "config" }>;

let tmp: TempDatabase;
let thread: DatabaseThread;
let listener: (event: DatabaseThreadEvent) => void;
let configs: ConfigMessage[];
let waiters: (() => void)[];

beforeEach(() => {
  tmp = createTempDatabase();
  configs = [];
  waiters = [];
  thread = new DatabaseThread({
    dbFile: tmp.file,
    gatewayId: "managed",
    pollMs: POLL_MS,
    telemetry: false,
    instanceJobs: false,
    retentionDays: 7,
    retentionIntervalMs: 3_600_000,
    startedAt: Date.now(),
    busyTimeoutMs: 50,
    retryMs: 100,
  });
  listener = (event) => {
    if (event.type !== "config") return;
    configs.push(event);
    for (const wake of waiters.splice(0)) wake();
  };
  thread.attach(listener);
});

afterEach(async () => {
  await thread.detach(listener);
  tmp.cleanup();
});

/** Resolves once `count` configuration messages have arrived. */
async function configsArrived(count: number): Promise<void> {
  while (configs.length < count) await new Promise<void>((wake) => waiters.push(wake));
}

/** Resolves after the thread has polled the revision at least `polls` times (it polls every POLL_MS on its own timer). */
function pollsPass(polls: number): Promise<void> {
  return new Promise((r) => setTimeout(r, polls * POLL_MS));
}

describe("database thread configuration messages", () => {
  it("posts the next configuration only once the previous one was applied, then at once with the newest rows", async () => {
    await configsArrived(1);
    expect(configs[0]!.rows.apis).toEqual([]);

    insertApi(tmp.db, { id: "a", path: "a", serviceUrl: "ws://127.0.0.1:1" });
    insertApi(tmp.db, { id: "b", path: "b", serviceUrl: "ws://127.0.0.1:1" });
    await pollsPass(10);
    // Not applied yet: nothing more was posted although the revision moved twice.
    expect(configs).toHaveLength(1);

    insertApi(tmp.db, { id: "c", path: "c", serviceUrl: "ws://127.0.0.1:1" });
    thread.send({ type: "configApplied" });
    await configsArrived(2);
    expect(configs).toHaveLength(2);
    expect(configs[1]!.rows.apis!.map((a) => a.id)).toEqual(["a", "b", "c"]);
    expect(configs[1]!.rows.revision).toBeGreaterThan(configs[0]!.rows.revision);
    // Sections that did not change are left out (the receiver keeps its copy).
    expect(configs[1]!.rows.subscriptions).toBeNull();
    expect(configs[1]!.readAt).toBeGreaterThan(0);
  });

  it("posts nothing after an applied configuration until the revision moves", async () => {
    await configsArrived(1);
    thread.send({ type: "configApplied" });
    await pollsPass(10);
    expect(configs).toHaveLength(1);

    insertApi(tmp.db, { id: "d", path: "d", serviceUrl: "ws://127.0.0.1:1" });
    await configsArrived(2);
    expect(configs[1]!.rows.apis!.map((a) => a.id)).toEqual(["d"]);
  });
});
