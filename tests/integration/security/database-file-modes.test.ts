/** The SQLite file and its -wal and -shm hold password hashes and encrypted keys: 0600, however they were made. */
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import * as schema from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "@/tests/helpers/echo-backend";
import { startGateway, waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { openClient, roundTrip } from "@/tests/helpers/handshake-client";

const root = resolve(import.meta.dirname, "../../..");

/** `mode` of each of the three files that exists, as octal text ("600"), keyed by suffix. */
function modes(file: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const suffix of ["", "-wal", "-shm"]) {
    const path = file + suffix;
    if (existsSync(path)) found[suffix || "db"] = (statSync(path).mode & 0o777).toString(8);
  }
  return found;
}

describe("database file modes", () => {
  let dir: string;
  let file: string;
  let savedUmask: number;
  let gateway: GatewayProcess | undefined;
  let echo: EchoBackend | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "portcullis-modes-"));
    file = join(dir, "portcullis.db");
    // The children inherit it: with umask 000 anything left to SQLite's defaults would be 0644 or 0666.
    savedUmask = process.umask(0);
  });

  afterAll(async () => {
    process.umask(savedUmask);
    await gateway?.stop("SIGKILL");
    await echo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("--setup-only creates the database 0600 even under umask 000", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/start.ts", "--setup-only"], {
      cwd: root,
      env: { ...process.env, PORTCULLIS_DB: file, PORTCULLIS_ADMIN_PASSWORD: "setup-only-password" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const found = modes(file);
    expect(found.db).toBe("600");
    for (const mode of Object.values(found)) expect(mode).toBe("600");
    expect(statSync(join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
  });

  it("the gateway tightens an existing 0644 database, and its -wal and -shm are 0600 while it writes", async () => {
    echo = await startEchoBackend();
    // A raw connection, as an older version would have left things: no tightening on the way.
    const sqlite = new Database(file);
    drizzle(sqlite, { schema })
      .insert(schema.apis)
      .values({ id: "echo", displayName: "Echo", serviceUrl: echo.url(), path: "echo", protocols: ["ws"], subscriptionRequired: false })
      .run();
    sqlite.close();
    chmodSync(file, 0o644);
    expect(modes(file)).toEqual({ db: "644" });

    gateway = await startGateway(file);
    const client = await openClient(gateway.url("/echo"));
    expect((await roundTrip(client, "hello")).data.toString()).toBe("hello");
    client.close();

    const reader = new Database(file, { readonly: true });
    try {
      const db = drizzle(reader, { schema });
      await waitFor(() => (db.select({ n: count() }).from(schema.gatewayLogs).get()?.n ?? 0) > 0);
    } finally {
      reader.close();
    }
    expect(modes(file)).toEqual({ db: "600", "-wal": "600", "-shm": "600" });
  });
});
