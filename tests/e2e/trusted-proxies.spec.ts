import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "./csp-guard";

/**
 * The sign-up throttle and the same-origin check against the real portal server (the built
 * portal behind server/portal-server.ts, as `npm start` runs it), each case on its own fresh
 * instance so the throttle's memory and the accounts made stay out of the other specs' way.
 * Requests come from 127.0.0.1: trusting 127.0.0.1/32 makes this test the proxy.
 */

const LIMIT = 10;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

interface Portal {
  url: string;
  stop: () => Promise<void>;
}

/**
 * A fresh instance (its own database), resolved once the portal server answers: started as
 * `npm run portal` does (the launcher, listening on every interface, so the socket sees
 * ::ffff:127.0.0.1), or as the Playwright run does (`--setup-only`, then the server on 127.0.0.1).
 */
async function startPortal(via: "npm run portal" | "portal server", extraEnv: Record<string, string>): Promise<Portal> {
  const dir = mkdtempSync(join(tmpdir(), "portcullis-proxies-"));
  const port = await freePort();
  const env = { ...process.env, PORTCULLIS_DB: join(dir, "portcullis.db"), PORTCULLIS_ADMIN_PASSWORD: "proxies-admin-password", PORT: String(port), ...extraEnv };
  let args = ["--import", "tsx", "server/start.ts", "--portal-only"];
  if (via === "portal server") {
    const setup = spawn(process.execPath, ["--import", "tsx", "server/start.ts", "--setup-only"], { env, stdio: "ignore" });
    expect(await new Promise((r) => setup.once("exit", r))).toBe(0);
    args = ["server/portal-server.mjs", "-H", "127.0.0.1", "-p", String(port)];
  }
  const proc: ChildProcess = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("portal listening on")) resolve();
    });
    proc.once("exit", (code) => reject(new Error(`portal exited with ${code}: ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let emails = 0;
/** POST /api/portal/signup from the portal's own page (Origin), with extra headers. */
async function signUp(portal: Portal, headers: Record<string, string>): Promise<Response> {
  return fetch(`${portal.url}/api/portal/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: portal.url, ...headers },
    body: JSON.stringify({ email: `proxy-${++emails}@example.com`, password: "Vq8#mZt2-LpWx9rK-proxies", firstName: "Pro", lastName: "Xy", acceptTerms: true }),
  });
}

test.describe("without PORTCULLIS_TRUSTED_PROXIES", () => {
  let portal: Portal;
  test.beforeAll(async () => {
    portal = await startPortal("portal server", { PORTCULLIS_TRUSTED_PROXIES: "" });
  });
  test.afterAll(async () => portal?.stop());

  test("a new X-Forwarded-For on every try does not reset the sign-up limit of the socket's address", async () => {
    for (let n = 0; n < LIMIT; n++) expect((await signUp(portal, { "x-forwarded-for": `203.0.113.${n + 1}` })).status).toBe(201);
    const refused = await signUp(portal, { "x-forwarded-for": "198.51.100.77", "x-real-ip": "198.51.100.78", "x-portcullis-client": "198.51.100.79" });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toBe("Too many sign-up attempts from your network. Wait 60 minutes before trying again.");
  });

  test("the same-origin check ignores an X-Forwarded-Host naming the attacker's page", async () => {
    const forged = await signUp(portal, { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.message).toBe("Cross-site request refused: sign up from the developer portal itself (same-origin Origin header).");
  });
});

test.describe("with PORTCULLIS_TRUSTED_PROXIES=127.0.0.1/32", () => {
  let portal: Portal;
  test.beforeAll(async () => {
    portal = await startPortal("npm run portal", { PORTCULLIS_TRUSTED_PROXIES: "127.0.0.1/32" });
  });
  test.afterAll(async () => portal?.stop());

  test("the forwarded client address is the one limited, not the proxy's", async () => {
    for (let n = 0; n < LIMIT; n++) expect((await signUp(portal, { "x-forwarded-for": `10.66.0.1, 203.0.113.50` })).status).toBe(201);
    // The hop the proxy appended counts; what the client wrote to its left does not.
    expect((await signUp(portal, { "x-forwarded-for": "10.66.0.2, 203.0.113.50" })).status).toBe(429);
    expect((await signUp(portal, { "x-forwarded-for": "203.0.113.51" })).status).toBe(201);
  });

  test("the same-origin check accepts the public host the trusted proxy names, and still refuses other sites", async () => {
    const viaProxy = await signUp(portal, { origin: "https://portal.example.com", "x-forwarded-for": "203.0.113.60", "x-forwarded-host": "portal.example.com", "x-forwarded-proto": "https" });
    expect(viaProxy.status).toBe(201);
    expect(viaProxy.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const crossSite = await signUp(portal, { origin: "https://evil.example", "x-forwarded-for": "203.0.113.61", "x-forwarded-host": "portal.example.com" });
    expect(crossSite.status).toBe(403);
  });
});
