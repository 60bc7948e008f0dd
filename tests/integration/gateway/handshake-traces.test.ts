/**
 * The test console's trace parameter through the real gateway: `portcullis-trace=<id>` is the
 * gateway's own. It never reaches the backend, the policies or the logged URL, and lands in the
 * log row's trace_id, whatever the handshake's outcome.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayLogs, policies } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, closeOf, openClient } from "../../helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

const MISSING_KEY = "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
  insertApi(tmp.db, { id: "locked", path: "locked", serviceUrl: backend.url(), subscriptionRequired: true });
  insertApi(tmp.db, { id: "peek", path: "peek", serviceUrl: backend.url() });
  // What a policy sees of the trace parameter reaches the backend as ?seen=…
  tmp.db
    .insert(policies)
    .values({
      scope: "api",
      scopeId: "peek",
      value:
        '<policies><inbound><base /><set-query-parameter name="seen" exists-action="override"><value>@(context.Request.Url.Query.GetValueOrDefault("portcullis-trace", "nothing"))</value></set-query-parameter></inbound></policies>',
    })
    .run();
  gateway = await startGateway(tmp.file);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

/** A fresh valid trace id. */
function traceId(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2)}-0123456789`.slice(0, 40);
}

function rowsWithTrace(id: string) {
  return tmp.db.select().from(gatewayLogs).where(eq(gatewayLogs.traceId, id)).all();
}

describe("the trace parameter", () => {
  it("is taken out of the backend URL and the logged URL and recorded as the row's trace_id", async () => {
    const id = traceId("open");
    const ws = await openClient(gateway.url(`/echo/room?a=1&portcullis-trace=${id}&b=2`));
    expect(backend.requests.at(-1)!.url).toBe("/room?a=1&b=2");
    const row = await waitForLogRow(tmp.db, "/echo/room?a=1&b=2");
    expect(row).toMatchObject({ traceId: id, responseCode: 101, backendUrl: `${backend.url()}/room?a=1&b=2` });
    const closed = closeOf(ws);
    ws.close(1000, "done");
    await closed;
    const completed = await waitForLogRow(tmp.db, "/echo/room?a=1&b=2", (r) => r.closeCode !== null);
    expect(completed).toMatchObject({ traceId: id, closeCode: 1000, closeReason: "done" });
  });

  it("leaves nothing behind when it is the only parameter", async () => {
    const id = traceId("alone");
    const ws = await openClient(gateway.url(`/echo?portcullis-trace=${id}`));
    expect(backend.requests.at(-1)!.url).toBe("/");
    ws.terminate();
    const row = await waitFor(() => rowsWithTrace(id)[0]);
    expect(row.url).toBe("/echo");
    expect(row.backendUrl).toBe(`${backend.url()}/`);
  });

  it("is invisible to policies", async () => {
    const id = traceId("peek");
    const ws = await openClient(gateway.url(`/peek?portcullis-trace=${id}`));
    expect(backend.requests.at(-1)!.url).toBe("/?seen=nothing");
    ws.terminate();
    expect((await waitFor(() => rowsWithTrace(id)[0])).url).toBe("/peek");
  });

  it("is left in place, and not recorded, when its value is not a trace id", async () => {
    const ws = await openClient(gateway.url("/echo/short?portcullis-trace=too-short&x=1"));
    expect(backend.requests.at(-1)!.url).toBe("/short?portcullis-trace=too-short&x=1");
    ws.terminate();
    const row = await waitForLogRow(tmp.db, "/echo/short?portcullis-trace=too-short&x=1");
    expect(row.traceId).toBeNull();
  });

  it("is recorded on a refused handshake, beside the redacted key", async () => {
    const id = traceId("refused");
    const missing = await attemptHandshake(gateway.url(`/locked?portcullis-trace=${id}`));
    expect(missing.status).toBe(401);
    const row = await waitFor(() => rowsWithTrace(id)[0]);
    expect(row).toMatchObject({ url: "/locked", responseCode: 401, lastErrorReason: "SubscriptionKeyNotFound", lastErrorMessage: MISSING_KEY, lastErrorSource: "subscription" });

    const other = traceId("badkey");
    expect((await attemptHandshake(gateway.url(`/locked?subscription-key=wrong&portcullis-trace=${other}`))).status).toBe(401);
    const bad = await waitFor(() => rowsWithTrace(other)[0]);
    expect(bad).toMatchObject({ url: "/locked?subscription-key=***", lastErrorReason: "SubscriptionKeyInvalid" });
  });

  it("is recorded for an unknown path", async () => {
    const id = traceId("nowhere");
    expect((await attemptHandshake(gateway.url(`/nowhere/x?portcullis-trace=${id}`))).status).toBe(404);
    expect(await waitFor(() => rowsWithTrace(id)[0])).toMatchObject({ url: "/nowhere/x", responseCode: 404, lastErrorReason: "ApiNotFound" });
  });
});
