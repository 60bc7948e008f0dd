/** The onHandshake pipeline as the real gateway runs it: reloads, documents it cannot run, inherited unsupported policies. */
import { describe, expect, it } from "vitest";
import { policies } from "@/db/schema/index";
import { useEchoStack } from "../../helpers/echo-stack";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { waitFor } from "../../helpers/gateway-process";
import { attemptHandshake, openClient, roundTrip } from "../../helpers/handshake-client";

const stack = useEchoStack();

function setPolicy(scope: "global" | "product" | "api", scopeId: string, value: string): void {
  stack.temp.db
    .insert(policies)
    .values({ scope, scopeId, value })
    .onConflictDoUpdate({ target: [policies.scope, policies.scopeId], set: { value } })
    .run();
}
/** The handshake's status; a 101's socket is closed at once. */
async function statusOf(path: string): Promise<number> {
  const answer = await attemptHandshake(stack.gateway.url(path));
  answer.socket?.destroy();
  return answer.status;
}
function clearPolicies(): void {
  stack.temp.db.delete(policies).run();
}

describe("the onHandshake pipeline in the gateway", () => {
  it("refuses with 500 while a stored document cannot be compiled, never skipping its checks, and keeps open connections", async () => {
    const open = await openClient(stack.gateway.url("/echo"));
    // Written around the management API, which would have refused it.
    setPolicy("api", "echo", "<policies><inbound><no-such-policy /></inbound></policies>");
    let attempt = 0;
    let url = "";
    const refused = await waitFor(async () => {
      url = `/echo?try=${++attempt}`;
      const answer = await attemptHandshake(stack.gateway.url(url));
      answer.socket?.destroy();
      return answer.status === 500 ? answer : undefined;
    }, 2000);
    expect(JSON.parse(refused.body)).toEqual({ statusCode: 500, message: "The API's policy configuration could not be loaded." });
    const row = await waitForLogRow(stack.temp.db, url, (r) => r.responseCode === 500);
    expect(row.lastErrorReason).toBe("PolicyConfigurationError");
    expect(row.lastErrorSource).toBe("policies (api:echo)");
    expect(stack.gateway.lines.some((l) => l.includes("policy document refused") && l.includes("unknown policy <no-such-policy>"))).toBe(true);
    expect((await roundTrip(open, "still here")).data.toString()).toBe("still here");

    clearPolicies();
    await waitFor(async () => (await statusOf("/echo")) === 101, 2000);
    open.close();
  });

  it("skips an inherited policy that onHandshake does not support, and logs that once", async () => {
    setPolicy("global", "", "<policies><inbound><cors /></inbound></policies>");
    const skippedLine = () => stack.gateway.lines.some((l) => l.includes("inherited policy skipped"));
    await waitFor(async () => (await statusOf("/echo")) === 101 && skippedLine(), 2000);
    for (let i = 0; i < 3; i++) expect((await statusOf("/echo"))).toBe(101);
    const warnings = stack.gateway.lines.filter((l) => l.includes("inherited policy skipped"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: "warn", api: "echo", policy: "cors" });
    clearPolicies();
  });
});
