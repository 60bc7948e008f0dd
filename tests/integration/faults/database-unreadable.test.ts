import { randomBytes } from "node:crypto";
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type EchoBackend } from "@/tests/helpers/echo-backend";
import { gatewayHealth } from "@/tests/helpers/gateway-health";
import { startGateway, waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { attemptHandshake, openClient, roundTrip } from "@/tests/helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

/** Overwrites a file in place (same inode, same size) with random bytes. */
function scramble(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, "r+");
  try {
    writeSync(fd, randomBytes(size), 0, size, 0);
  } finally {
    closeSync(fd);
  }
}

describe("a configuration database that becomes unreadable", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let backend: EchoBackend;

  beforeAll(async () => {
    temp = createTempDatabase();
    backend = await startEchoBackend();
    insertApi(temp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
    gateway = await startGateway(temp.file);
  });

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    temp?.cleanup();
  });

  it("keeps serving the last good configuration to open and new connections", async () => {
    const open = await openClient(gateway.url("/echo?case=open-before"));
    expect((await roundTrip(open, "before")).data.toString()).toBe("before");
    const revision = (await gatewayHealth(gateway)).configRevision;
    expect(revision).toBeGreaterThan(0);

    // Corrupt the file under the gateway's open connections. Renaming or replacing the file
    // would not do: the gateway holds descriptors to the old inode and would read it happily.
    // The shared-memory index is scrambled too, so the gateway's reader cannot trust its page
    // cache and must read the (now garbage) file on its next poll.
    temp.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    temp.db.$client.close();
    scramble(temp.file);
    scramble(`${temp.file}-shm`);

    await waitFor(
      () => gateway.lines.some((line) => line.includes("configuration reload failed; serving the last good configuration")),
      3000,
    );
    expect((await roundTrip(open, "during")).data.toString()).toBe("during");
    const fresh = await openClient(gateway.url("/echo?case=new-after"));
    expect((await roundTrip(fresh, "new")).data.toString()).toBe("new");
    expect(backend.requests.at(-1)!.url).toBe("/?case=new-after");
    expect((await attemptHandshake(gateway.url("/nowhere"))).status).toBe(404);
    // Still serving, several polls later, with the configuration it had.
    await new Promise((r) => setTimeout(r, 500));
    expect(gateway.proc.exitCode).toBeNull();
    expect(await gatewayHealth(gateway)).toMatchObject({ status: "ok", configRevision: revision, connections: 2 });
    expect((await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`)).status).toBe(200);
    open.close();
    fresh.close();
  });
});
