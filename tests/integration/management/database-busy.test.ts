/** The management API while another process holds SQLite's write lock (`BEGIN IMMEDIATE`). */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiJson, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);

/**
 * Another process that takes the write lock on `file` and holds it until its stdin closes
 * (then rolls back and exits): what a backup tool or a stray sqlite3 shell does.
 */
async function holdWriteLock(file: string): Promise<{ release: () => Promise<void> }> {
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1]);
    db.exec("BEGIN IMMEDIATE");
    process.stdout.write("locked\\n");
    process.stdin.resume();
    process.stdin.on("end", () => { db.exec("ROLLBACK"); db.close(); process.exit(0); });
  `;
  const holder: ChildProcess = spawn(process.execPath, ["-e", script, file], { stdio: ["pipe", "pipe", "inherit"] });
  const [chunk] = (await once(holder.stdout!, "data")) as [Buffer];
  expect(chunk.toString()).toBe("locked\n");
  return {
    release: async () => {
      const exited = once(holder, "exit");
      holder.stdin!.end();
      expect((await exited)[0]).toBe(0);
    },
  };
}

const echo = { properties: { displayName: "Echo", serviceUrl: "ws://127.0.0.1:9000", path: "echo" } };

describe("a database locked by another process", () => {
  it("answers writes 503 DatabaseBusy with Retry-After within about the portal's busy timeout, keeps answering reads, and takes the write once the lock is gone", async () => {
    const lock = await holdWriteLock(process.env.PORTCULLIS_DB!);
    try {
      const started = Date.now();
      const busy = await api("PUT", "/apis/echo", { body: echo });
      const waitedMs = Date.now() - started;
      console.log(`management write answered ${busy.status} after ${waitedMs} ms of lock`);

      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("2");
      expect(await busy.json()).toEqual({
        error: { code: "DatabaseBusy", message: "The database is busy (another process holds a write lock); retry shortly." },
      });
      // The portal's busy timeout is 1 s: the caller hears about the lock quickly, not after 5 s.
      expect(waitedMs).toBeGreaterThanOrEqual(900);
      expect(waitedMs).toBeLessThan(3000);
      // WAL readers are not blocked by a writer: reads go on.
      expect(await apiJson("GET", "/apis")).toMatchObject({ status: 200, body: { count: 0 } });
    } finally {
      await lock.release();
    }

    expect((await api("PUT", "/apis/echo", { body: echo })).status).toBe(201);
    expect(await apiJson("GET", "/apis/echo")).toMatchObject({ status: 200, body: { name: "echo" } });
  });
});
