/** `GET /api/health` through its real route handler, on a real SQLite file that gets removed. */
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import { parsePortalEnv } from "@/server/env";
import { getDb } from "@/server/db";
import { startPortalDatabaseWatch, stopPortalDatabaseWatch } from "@/server/health/portal-database-watch";
import { prepareInstance } from "@/server/launcher/prepare-instance";
import { captureLogLines } from "@/tests/helpers/log-lines";

let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "portcullis-health-"));
  file = join(dir, "portcullis.db");
  process.env.PORTCULLIS_DB = file;
  process.env.PORTCULLIS_ADMIN_PASSWORD = "health-admin-password";
  await prepareInstance(file, parsePortalEnv());
});

afterAll(async () => {
  await stopPortalDatabaseWatch();
  getDb().$client.close();
  rmSync(dir, { recursive: true, force: true });
});

async function health(): Promise<{ status: number; body: unknown }> {
  const response = await GET();
  return { status: response.status, body: await response.json() };
}

describe("the portal's health", () => {
  it("is ok on its database, 503 with the reason (and one log line) once the file is moved away, ok again (one more line) when it is back", async () => {
    const lines = captureLogLines();
    await startPortalDatabaseWatch();
    expect(await health()).toEqual({ status: 200, body: { status: "ok" } });

    renameSync(file, `${file}.moved`);
    const unhealthy = { status: 503, body: { status: "unavailable", reason: "database file portcullis.db was removed or replaced while open" } };
    expect(await health()).toEqual(unhealthy);
    expect(await health()).toEqual(unhealthy);
    expect(lines.stderr.map((l) => [l.level, l.msg])).toEqual([
      ["error", `database file ${file} was removed or replaced while open: restart the portal on the intended file; changes since went to the unlinked file.`],
    ]);

    renameSync(`${file}.moved`, file);
    expect(await health()).toEqual({ status: 200, body: { status: "ok" } });
    expect(lines.stdout.map((l) => [l.level, l.msg])).toEqual([["info", `database file ${file} is back at its path; healthy again.`]]);
    vi.restoreAllMocks();
  });

  it("reports a deleted database (file, -wal and -shm)", async () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    captureLogLines();

    expect(await health()).toEqual({ status: 503, body: { status: "unavailable", reason: "database file portcullis.db was removed or replaced while open" } });
    vi.restoreAllMocks();
  });
});
