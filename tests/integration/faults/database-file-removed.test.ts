import { renameSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useEchoStack } from "@/tests/helpers/echo-stack";
import { waitFor } from "@/tests/helpers/gateway-process";
import { openClient, roundTrip } from "@/tests/helpers/handshake-client";

/** GET on the gateway's admin listener: status and JSON body. */
async function admin(stack: ReturnType<typeof useEchoStack>, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${stack.gateway.adminPort}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The gateway's JSON log lines whose message is `msg`. */
function logged(stack: ReturnType<typeof useEchoStack>, msg: string): Record<string, unknown>[] {
  return stack.gateway.lines
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}

describe("a database file removed or replaced under the running gateway", () => {
  const stack = useEchoStack();

  it("is reported by /readyz (503, with the reason) and logged once, while /healthz and open connections carry on; and once it is back, ready again", async () => {
    const reason = `database file ${stack.temp.file} was removed or replaced while open`;
    const open = await openClient(stack.gateway.url("/echo"));
    expect((await admin(stack, "/readyz")).status).toBe(200);

    renameSync(stack.temp.file, `${stack.temp.file}.moved`);
    const notReady = await waitFor(async () => {
      const answer = await admin(stack, "/readyz");
      return answer.status === 503 ? answer : null;
    }, 8000, 100);

    expect(notReady.body).toMatchObject({ status: "not ready", reason });
    expect(await admin(stack, "/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect((await roundTrip(open, "still relayed")).data.toString()).toBe("still relayed");
    expect(logged(stack, reason)).toEqual([expect.objectContaining({ level: "error", db: stack.temp.file, state: "missing" })]);

    renameSync(`${stack.temp.file}.moved`, stack.temp.file);
    await waitFor(async () => (await admin(stack, "/readyz")).status === 200, 8000, 100);
    expect(logged(stack, "database file is back at its path; ready again")).toHaveLength(1);
    expect(logged(stack, reason)).toHaveLength(1);
    open.close();
  });

  it("reports a deleted database (file, -wal and -shm) as not ready within a few seconds", async () => {
    const deletedAt = Date.now();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${stack.temp.file}${suffix}`, { force: true });

    const notReady = await waitFor(async () => {
      const answer = await admin(stack, "/readyz");
      return answer.status === 503 ? answer : null;
    }, 8000, 100);

    console.log(`deleted database noticed by /readyz after ${Date.now() - deletedAt} ms`);
    expect(notReady.body).toMatchObject({ status: "not ready", reason: `database file ${stack.temp.file} was removed or replaced while open` });
    expect((await admin(stack, "/healthz")).status).toBe(200);
  });
});
