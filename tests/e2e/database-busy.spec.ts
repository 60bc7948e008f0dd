import { expect, test } from "./csp-guard";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { E2E_ADMIN_TOKEN, E2E_DB } from "./e2e-env";
import { apiStatus, signIn } from "./portal";

/**
 * Another process takes the write lock on the run's database and holds it until its stdin
 * closes: what a backup tool or a `sqlite3` shell inside a transaction does.
 */
async function holdWriteLock(): Promise<{ release: () => Promise<void> }> {
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1]);
    db.exec("BEGIN IMMEDIATE");
    process.stdout.write("locked\\n");
    process.stdin.resume();
    process.stdin.on("end", () => { db.exec("ROLLBACK"); db.close(); process.exit(0); });
  `;
  const holder = spawn(process.execPath, ["-e", script, E2E_DB], { stdio: ["pipe", "pipe", "inherit"] });
  const [chunk] = (await once(holder.stdout!, "data")) as [Buffer];
  expect(chunk.toString()).toBe("locked\n");
  return {
    release: async () => {
      const exited = once(holder, "exit");
      holder.stdin!.end();
      await exited;
    },
  };
}

test("a change saved while another process holds the database's write lock shows 'busy, retrying' and goes through once the lock is gone", async ({ page, request }) => {
  await page.goto("/admin/apis/new?type=websocket");
  await signIn(page);
  await page.getByLabel("Display name").fill("Busy Echo");
  await page.getByLabel("WebSocket URL").fill("ws://127.0.0.1:9/");
  await page.getByLabel("API URL suffix").fill("busy-echo");
  await expect(page.getByTestId("suffix-available")).toBeVisible();

  const lock = await holdWriteLock();
  try {
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The database is busy — retrying…" })).toBeVisible();
    expect(await apiStatus(request, "busy-echo")).toBe(404);
    await expect(page.getByRole("form", { name: "Create a WebSocket API" }).getByRole("alert")).toHaveCount(0);
  } finally {
    await lock.release();
  }

  await expect(page).toHaveURL(/\/admin\/apis\/busy-echo$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Busy Echo");
  await expect(page.getByTestId("database-busy-notice")).toHaveCount(0);
  expect(await apiStatus(request, "busy-echo")).toBe(200);
  expect((await request.delete("/api/management/apis/busy-echo", { headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` } })).status()).toBe(200);
});
