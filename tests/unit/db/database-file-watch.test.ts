import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseFileWatch, type DatabaseFileState } from "@/db/database-file-watch";

let dir: string;
let file: string;
let watch: DatabaseFileWatch | null = null;
const changes: DatabaseFileState[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portcullis-watch-"));
  file = join(dir, "portcullis.db");
  writeFileSync(file, "open file");
  changes.length = 0;
});

afterEach(() => {
  watch?.stop();
  watch = null;
  rmSync(dir, { recursive: true, force: true });
});

/** A watch that only checks when the test asks (an hour between timed checks). */
async function startWatch(): Promise<DatabaseFileWatch> {
  watch = new DatabaseFileWatch(file, { intervalMs: 3_600_000, onChange: (state) => changes.push(state) });
  await watch.start();
  return watch;
}

describe("DatabaseFileWatch", () => {
  it("reports nothing while the open file stays at its path, even when it is written to", async () => {
    const w = await startWatch();
    writeFileSync(file, "more rows");

    expect(await w.check()).toBe("ok");
    expect(w.problem).toBeNull();
    expect(changes).toEqual([]);
  });

  it("reports a deleted file with the reason readiness shows", async () => {
    const w = await startWatch();
    unlinkSync(file);

    expect(await w.check()).toBe("missing");
    expect(w.problem).toBe(`database file ${file} was removed or replaced while open`);
    expect(changes).toEqual(["missing"]);
  });

  it("reports a file replaced by another one at the same path (a restored backup)", async () => {
    const w = await startWatch();
    writeFileSync(join(dir, "backup.db"), "another file");
    renameSync(join(dir, "backup.db"), file);

    expect(await w.check()).toBe("replaced");
    expect(w.problem).toBe(`database file ${file} was removed or replaced while open`);
  });

  it("tells once when a problem starts and once when the open file is back at its path", async () => {
    const w = await startWatch();
    renameSync(file, join(dir, "moved.db"));
    await w.check();
    await w.check();
    renameSync(join(dir, "moved.db"), file);
    await w.check();
    await w.check();

    expect(changes).toEqual(["missing", "ok"]);
    expect(w.problem).toBeNull();
  });

  it("counts a file missing when the watch starts as a problem that no later file clears", async () => {
    unlinkSync(file);
    const w = await startWatch();
    writeFileSync(file, "a new file");

    expect(await w.check()).toBe("missing");
    expect(changes).toEqual(["missing"]);
  });

  it("checks on its own every interval", async () => {
    const noticed = new Promise<DatabaseFileState>((resolve) => {
      watch = new DatabaseFileWatch(file, { intervalMs: 20, onChange: resolve });
    });
    await watch!.start();
    unlinkSync(file);

    expect(await noticed).toBe("missing");
  });
});
