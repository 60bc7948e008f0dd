/** The audit log: every management change recorded in its own transaction, secrets redacted, read newest first. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import {
  api,
  apiJson,
  createApi,
  createProduct,
  DEVELOPER_TOKEN,
  PUBLISHER_TOKEN,
  resetData,
  setUpManagementApi,
  tearDownManagementApi,
} from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(resetData);

const ADMIN_LABEL = "Bootstrap token (PORTCULLIS_BOOTSTRAP_TOKEN)";
const entries = async (query = "") => (await apiJson("GET", `/auditLogs${query}`)).body;

describe("audit log", () => {
  it("records API changes with actor, before and after, newest first", async () => {
    await createApi("echo");
    await api("PATCH", "/apis/echo", { token: PUBLISHER_TOKEN, body: { properties: { description: "Echoes" } } });
    await api("DELETE", "/apis/echo");
    const page = await entries();
    expect(page.count).toBe(3);
    const [deleted, patched, created] = page.value;
    expect(created).toEqual({
      id: expect.stringMatching(/^\/auditLogs\/\d+$/),
      name: expect.any(String),
      properties: {
        time: expect.any(String),
        actor: { kind: "token", id: "bootstrap", label: ADMIN_LABEL },
        action: "create",
        resource: "/apis/echo",
        before: null,
        after: expect.objectContaining({ id: "/apis/echo", name: "echo" }),
      },
    });
    expect(patched.properties).toMatchObject({
      actor: { kind: "token", id: "publisher", label: "publisher token" },
      action: "update",
      before: { properties: { description: "" } },
      after: { properties: { description: "Echoes" } },
    });
    expect(deleted.properties).toMatchObject({ action: "delete", before: { name: "echo" }, after: null });
  });

  it("names a developer's token with its user's email", async () => {
    await createProduct("starter");
    await api("PUT", "/subscriptions/mine", { token: DEVELOPER_TOKEN, body: { properties: { scope: "/products/starter", displayName: "Mine" } } });
    const [entry] = (await entries("?resource=/subscriptions/mine")).value;
    expect(entry.properties.actor).toEqual({ kind: "token", id: "developer", label: "developer token (dev@example.com)" });
  });

  it("never stores a key, password or token", async () => {
    const primaryKey = "very-secret-primary-key-01";
    await api("PUT", "/subscriptions/s", { body: { properties: { scope: "/apis", displayName: "S", primaryKey } } });
    const keys = (await apiJson("POST", "/subscriptions/s/listSecrets")).body;
    await api("POST", "/subscriptions/s/regenerateSecondaryKey");
    await api("PUT", "/users/alice", { body: { properties: { email: "alice@example.com", password: "alice's password" } } });
    const token = (await apiJson("POST", "/apiTokens", { body: { properties: { displayName: "CI", role: "developer" } } })).body.properties.token;
    await api("PUT", "/policies/policy", {
      body: { properties: { value: '<policies><inbound><authentication-basic username="u" password="hunter22" /></inbound></policies>' } },
    });
    const stored = JSON.stringify(getDb().$client.prepare("SELECT * FROM audit_log").all());
    for (const secret of [primaryKey, keys.secondaryKey, "alice's password", token, "hunter22"]) expect(stored).not.toContain(secret);
    expect(stored).toContain("[redacted]");
    const actions = (await entries()).value.map((e: { properties: { action: string } }) => e.properties.action);
    expect(actions).toEqual(["create", "create", "create", "regenerateSecondaryKey", "listSecrets", "create"]);
  });

  it("writes nothing for a change that fails", async () => {
    await createApi("echo");
    await api("PUT", "/apis/echo-2", { body: { properties: { displayName: "E", serviceUrl: "wss://x.example.com", path: "echo" } } });
    await api("PUT", "/gateways/managed/apis/echo");
    expect((await entries()).count).toBe(1);
  });

  it("filters by resource (and what is under it), actor and time, and pages", async () => {
    await createApi("echo");
    await createProduct("starter");
    await api("PUT", "/products/starter/apis/echo", { token: PUBLISHER_TOKEN });
    await api("PUT", "/products/starter/policies/policy", { body: { properties: { value: "<policies/>" } } });
    const resources = async (query: string) => (await entries(query)).value.map((e: { properties: { resource: string } }) => e.properties.resource);
    expect(await resources("?resource=/products/starter")).toEqual([
      "/products/starter/policies/policy",
      "/products/starter/apis/echo",
      "/products/starter",
    ]);
    expect(await resources("?resource=/products/starter/")).toHaveLength(3);
    expect(await resources("?resource=/products/start")).toEqual([]);
    expect(await resources("?actor=publisher")).toEqual(["/products/starter/apis/echo"]);
    expect(await resources("?to=2000-01-01T00:00:00Z")).toEqual([]);
    expect(await resources(`?from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).toHaveLength(4);
    const first = await entries("?$top=1");
    expect(first.value).toHaveLength(1);
    expect(new URL(first.nextLink).searchParams.get("$skip")).toBe("1");
  });

  it("filters by action and by part of the actor as shown (an email, any case)", async () => {
    await createApi("echo");
    await createProduct("starter");
    await api("PATCH", "/apis/echo", { token: PUBLISHER_TOKEN, body: { properties: { description: "Echoes" } } });
    await api("PUT", "/subscriptions/mine", { token: DEVELOPER_TOKEN, body: { properties: { scope: "/products/starter", displayName: "Mine" } } });
    await api("POST", "/subscriptions/mine/listSecrets", { token: DEVELOPER_TOKEN });
    const rows = async (query: string) =>
      (await entries(query)).value.map((e: { properties: { action: string; resource: string } }) => `${e.properties.action} ${e.properties.resource}`);
    expect(await rows("?action=update")).toEqual(["update /apis/echo"]);
    expect(await rows("?actorLabel=DEV@example.com")).toEqual(["listSecrets /subscriptions/mine", "create /subscriptions/mine"]);
    expect(await rows("?actorLabel=dev%40example.com&action=listSecrets")).toEqual(["listSecrets /subscriptions/mine"]);
    expect(await rows("?actorLabel=100%25")).toEqual([]);
    expect((await apiJson("GET", "/auditLogs?action=peek")).body.error.details).toEqual([
      { target: "action", message: expect.stringMatching(/^must be one of "create", "update", /) },
    ]);
  });

  it("answers 400 for bad filters and 403 to non-administrators", async () => {
    expect(await apiJson("GET", "/auditLogs?from=yesterday")).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: "from must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z.",
          details: [{ target: "from", message: "must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z" }],
        },
      },
    });
    expect((await apiJson("GET", "/auditLogs?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z")).body.error.details).toEqual([
      { target: "to", message: "must be later than from" },
    ]);
    expect((await api("GET", "/auditLogs", { token: PUBLISHER_TOKEN })).status).toBe(403);
  });
});
