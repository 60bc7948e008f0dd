import { expect, test } from "./csp-guard";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { E2E_SERVER_ENV } from "./e2e-env";
import { signIn } from "./portal";

/** A port the OS says is free now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** The built portal on `port`, on the run's database (and so its secrets); resolves once it answers. */
async function startPortal(port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["server/portal-server.mjs", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, ...E2E_SERVER_ENV, PORT: String(port) },
    stdio: "ignore",
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/signin`)).ok) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill();
  throw new Error(`portal on ${port} did not start`);
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await exited;
}

test("a signed-in session survives a portal restart", async ({ page }) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let portal = await startPortal(port);
  try {
    await page.goto(`${base}/signin?callbackUrl=%2Fadmin%2Fapis`);
    const signedInAt = Date.now() / 1000;
    await signIn(page);
    await expect(page.getByRole("heading", { name: "APIs", level: 1 })).toBeVisible();
    // The README's 12-hour session: the cookie (and the JWT inside, which the portal checks) ends 12 hours after sign-in.
    const cookie = (await page.context().cookies(base)).find((c) => c.name.endsWith("next-auth.session-token"));
    expect(cookie?.expires).toBeGreaterThanOrEqual(signedInAt + 12 * 3600 - 5);
    expect(cookie?.expires).toBeLessThanOrEqual(Date.now() / 1000 + 12 * 3600 + 5);

    await stop(portal);
    portal = await startPortal(port);

    await page.goto(`${base}/admin/apis`);
    await expect(page).toHaveURL(`${base}/admin/apis`);
    await expect(page.getByRole("heading", { name: "APIs", level: 1 })).toBeVisible();
  } finally {
    await stop(portal);
  }
});
