import { randomBytes } from "node:crypto";
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useEchoStack } from "@/tests/helpers/echo-stack";
import { gatewayHealth } from "@/tests/helpers/gateway-health";
import { waitFor } from "@/tests/helpers/gateway-process";
import { attemptHandshake, openClient, roundTrip } from "@/tests/helpers/handshake-client";

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
  const stack = useEchoStack();

  it("keeps serving the last good configuration to open and new connections", async () => {
    const open = await openClient(stack.gateway.url("/echo?case=open-before"));
    expect((await roundTrip(open, "before")).data.toString()).toBe("before");
    const revision = (await gatewayHealth(stack.gateway)).configRevision;
    expect(revision).toBeGreaterThan(0);

    // Corrupt the file under the gateway's open connections. Renaming or replacing the file
    // would not do: the gateway holds descriptors to the old inode and would read it happily.
    // The shared-memory index is scrambled too, so the gateway's reader cannot trust its page
    // cache and must read the (now garbage) file on its next poll.
    stack.temp.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    stack.temp.db.$client.close();
    scramble(stack.temp.file);
    scramble(`${stack.temp.file}-shm`);

    await waitFor(
      () => stack.gateway.lines.some((line) => line.includes("configuration reload failed; serving the last good configuration")),
      3000,
    );
    expect((await roundTrip(open, "during")).data.toString()).toBe("during");
    const fresh = await openClient(stack.gateway.url("/echo?case=new-after"));
    expect((await roundTrip(fresh, "new")).data.toString()).toBe("new");
    expect(stack.backend.requests.at(-1)!.url).toBe("/?case=new-after");
    expect((await attemptHandshake(stack.gateway.url("/nowhere"))).status).toBe(404);
    // Still serving, several polls later, with the configuration it had.
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.gateway.proc.exitCode).toBeNull();
    expect(await gatewayHealth(stack.gateway)).toMatchObject({ status: "ok", configRevision: revision, connections: 2 });
    expect((await fetch(`http://127.0.0.1:${stack.gateway.adminPort}/readyz`)).status).toBe(200);
    open.close();
    fresh.close();
  });
});
