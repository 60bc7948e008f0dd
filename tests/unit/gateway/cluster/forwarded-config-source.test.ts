import { describe, expect, it } from "vitest";
import type { ConfigMessage, ConfigWantedMessage } from "@/gateway/cluster/cluster-messages";
import { ForwardedConfigSource } from "@/gateway/cluster/forwarded-config-source";
import type { ConfigRows } from "@/gateway/config/config-rows";
import type { ConfigSourceStatus, ConfigUpdate } from "@/gateway/config/config-source";

const rows = (revision: number): ConfigRows => ({ revision, apis: [], productApis: [], products: [], policies: [], subscriptions: [] }) as unknown as ConfigRows;

function source() {
  const sent: ConfigWantedMessage[] = [];
  const updates: ConfigUpdate[] = [];
  const statuses: ConfigSourceStatus[] = [];
  const forwarded = new ForwardedConfigSource((message) => sent.push(message));
  const started = forwarded.start({ onUpdate: (u) => updates.push(u), onStatus: (s) => statuses.push(s) });
  return { forwarded, started, sent, updates, statuses };
}

describe("ForwardedConfigSource (a self-hosted gateway's worker)", () => {
  it("asks the primary at start and delivers its configuration with the HMAC key decoded from base64", async () => {
    const { forwarded, started, sent, updates, statuses } = source();
    expect(sent).toEqual([{ type: "portcullis:config-wanted" }]);
    const key = Buffer.from("the gateway's key-hash key");
    const message: ConfigMessage = { type: "portcullis:config", config: { rows: rows(7), keyHashKey: key.toString("base64") }, status: { readable: true, reason: null } };
    expect(forwarded.receive(message)).toBe(true);
    await started;
    expect(updates).toHaveLength(1);
    expect(updates[0]!.rows.revision).toBe(7);
    expect(updates[0]!.keyHashKey.equals(key)).toBe(true);
    expect(statuses).toEqual([{ readable: true, reason: null }]);
    expect(forwarded.status).toEqual({ readable: true, reason: null });
  });

  it("fills the sections a later message leaves out (unchanged) with the previous ones, the same arrays", async () => {
    const { forwarded, started, updates } = source();
    const first = rows(7);
    const status = { readable: true, reason: null };
    forwarded.receive({ type: "portcullis:config", config: { rows: first, keyHashKey: "a2V5" }, status } satisfies ConfigMessage);
    await started;
    const apis = [{ id: "echo" }] as unknown as ConfigRows["apis"];
    forwarded.receive({
      type: "portcullis:config",
      config: { rows: { revision: 8, apis, productApis: null, products: null, policies: null, subscriptions: null }, keyHashKey: "a2V5" },
      status,
    } satisfies ConfigMessage);
    expect(updates).toHaveLength(2);
    expect(updates[1]!.rows.revision).toBe(8);
    expect(updates[1]!.rows.apis).toBe(apis);
    expect(updates[1]!.rows.subscriptions).toBe(first.subscriptions);
    expect(updates[1]!.rows.policies).toBe(first.policies);
  });

  it("starts on a status alone when the primary has nothing to serve, and says why", async () => {
    const { forwarded, started, updates } = source();
    expect(forwarded.status).toEqual({ readable: false, reason: "waiting for the configuration from the gateway's primary process" });
    forwarded.receive({ type: "portcullis:config", status: { readable: false, reason: "portal unreachable: connect ECONNREFUSED" } } satisfies ConfigMessage);
    await started;
    expect(updates).toEqual([]);
    expect(forwarded.status).toEqual({ readable: false, reason: "portal unreachable: connect ECONNREFUSED" });
  });

  it("leaves other messages (counter answers, questions) to their own handlers", () => {
    const { forwarded } = source();
    expect(forwarded.receive({ type: "portcullis:ask", id: 1, kind: "status", ask: {} })).toBe(false);
    expect(forwarded.receive("portcullis:config")).toBe(false);
  });
});
