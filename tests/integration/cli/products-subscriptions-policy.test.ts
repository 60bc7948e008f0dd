/**
 * `portcullis products …`, `subscriptions …` and `policy …` against the real route handlers:
 * what a publisher types to publish an API and hand out keys, and what it prints.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TEST_TIMEOUT_MS, startInstance, type Instance } from "./cli-harness";

let instance: Instance;
let dir: string;

beforeAll(async () => {
  instance = await startInstance();
  dir = mkdtempSync(join(tmpdir(), "portcullis-cli-"));
  const api = await instance.cli(["apis", "create", "echo", "--display-name", "Echo", "--service-url", "wss://echo.example.com/ws", "--path", "echo"]);
  expect(api.code).toBe(0);
});

afterAll(async () => {
  await instance?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });

describe("products", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("creates a product, links and unlinks an API, lists, shows and deletes it", async () => {
    expect(await instance.cli(["products", "create", "starter", "--display-name", "Starter", "--state", "published", "--subscriptions-limit", "3"])).toEqual(
      ok("Created product starter (published).\n"),
    );
    expect(await instance.cli(["products", "add-api", "starter", "echo"])).toEqual(ok("Added API echo to product starter.\n"));
    expect(await instance.cli(["products", "list"])).toEqual(
      ok(
        [
          "NAME     DISPLAY NAME  STATE      SUBSCRIPTION  APPROVAL  LIMIT",
          "starter  Starter       published  required      no        3",
          "",
        ].join("\n"),
      ),
    );
    expect(await instance.cli(["products", "show", "starter"])).toEqual(
      ok(
        [
          "name:                 starter",
          "displayName:          Starter",
          "description:          -",
          "subscriptionRequired: yes",
          "approvalRequired:     no",
          "subscriptionsLimit:   3",
          "state:                published",
          "apis:                 echo",
          "",
        ].join("\n"),
      ),
    );
    expect(await instance.cli(["products", "remove-api", "starter", "echo"])).toEqual(ok("Removed API echo from product starter.\n"));
    expect(await instance.cli(["products", "remove-api", "starter", "echo"])).toEqual(
      ok("API echo was not in product starter; nothing removed.\n"),
    );
    expect(await instance.cli(["products", "delete", "starter"])).toEqual(ok("Deleted product starter.\n"));
    expect(await instance.cli(["products", "list", "--json"])).toEqual(ok("[]\n"));
  });

  it("exits 1 with the API's message for an unknown API, 2 for a limit that is not a number", async () => {
    await instance.cli(["products", "create", "gold", "--display-name", "Gold"]);
    const unknown = await instance.cli(["products", "add-api", "gold", "nope"]);
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "Error: API 'nope' not found. (404 NotFound)\n" });
    const limit = await instance.cli(["products", "create", "gold", "--display-name", "Gold", "--subscriptions-limit", "many"]);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toBe("Error: --subscriptions-limit must be a whole number or 'unlimited', not 'many'.\n");
  });
});

describe("subscriptions", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("creates, approves, suspends and cancels a subscription, and shows its keys", async () => {
    await instance.cli(["products", "create", "partner", "--display-name", "Partner", "--approval-required", "--state", "published"]);
    await instance.cli(["products", "add-api", "partner", "echo"]);

    expect(await instance.cli(["subscriptions", "create", "acme", "--scope", "/products/partner", "--display-name", "ACME", "--owner", "admin"])).toEqual(
      ok("Created subscription acme (/products/partner, submitted).\n"),
    );
    expect(await instance.cli(["subscriptions", "approve", "acme"])).toEqual(ok("Subscription acme is active.\n"));
    // A connection acme's key opened is still open at the gateway: suspending with
    // --close-connections asks its gateway to close it (1008 "Subscription suspended").
    instance.database.db.$client
      .prepare("INSERT INTO gateway_logs (id, time, gateway_id, api_id, subscription_id, caller_ip, method, url, response_code, total_time_ms) VALUES ('acme-conn', ?, 'managed', 'echo', 'acme', '127.0.0.1', 'GET', '/echo', 101, 1)")
      .run(Date.now());
    expect(await instance.cli(["subscriptions", "suspend", "acme", "--comment", "unpaid invoice", "--close-connections"])).toEqual(ok("Subscription acme is suspended.\n"));
    expect(instance.database.db.$client.prepare("SELECT log_id, reason FROM connection_close_requests").all()).toEqual([{ log_id: "acme-conn", reason: "Subscription suspended" }]);
    expect(await instance.cli(["subscriptions", "list"])).toEqual(
      ok(
        [
          "NAME    DISPLAY NAME                      SCOPE              OWNER         STATE",
          "acme    ACME                              /products/partner  /users/admin  suspended",
          "master  Built-in all-access subscription  /apis              -             active",
          "",
        ].join("\n"),
      ),
    );
    const show = await instance.cli(["subscriptions", "show", "acme"]);
    expect(show.stdout).toContain("stateComment:   unpaid invoice\n");
    expect(show.stdout).not.toMatch(/primaryKey|secondaryKey/);

    const keys = await instance.cli(["subscriptions", "keys", "acme"]);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toMatch(/^primaryKey: {3}[0-9a-f]{32}\nsecondaryKey: [0-9a-f]{32}\n$/);
    const json = JSON.parse((await instance.cli(["subscriptions", "keys", "acme", "--json"])).stdout);
    expect(keys.stdout).toBe(`primaryKey:   ${json.primaryKey}\nsecondaryKey: ${json.secondaryKey}\n`);

    expect(await instance.cli(["subscriptions", "cancel", "acme"])).toEqual(ok("Subscription acme is cancelled.\n"));
    const reopen = await instance.cli(["subscriptions", "approve", "acme"]);
    expect(reopen.code).toBe(1);
    expect(reopen.stderr).toBe(
      [
        "Error: Subscription 'acme' cannot go from 'cancelled' to 'active'. 'cancelled' is final. (422 UnprocessableEntity)",
        "  properties.state: cannot change from 'cancelled' to 'active'",
        "",
      ].join("\n"),
    );
    expect(await instance.cli(["subscriptions", "delete", "acme"])).toEqual(ok("Deleted subscription acme.\n"));

    // Deleting the product with its subscriptions, --close-connections closes theirs too.
    await instance.cli(["subscriptions", "create", "beta", "--scope", "/products/partner", "--display-name", "Beta", "--owner", "admin"]);
    instance.database.db.$client
      .prepare("INSERT INTO gateway_logs (id, time, gateway_id, api_id, subscription_id, caller_ip, method, url, response_code, total_time_ms) VALUES ('beta-conn', ?, 'managed', 'echo', 'beta', '127.0.0.1', 'GET', '/echo', 101, 1)")
      .run(Date.now());
    expect(await instance.cli(["products", "delete", "partner", "--delete-subscriptions", "--close-connections"])).toEqual(ok("Deleted product partner.\n"));
    expect(instance.database.db.$client.prepare("SELECT log_id, reason FROM connection_close_requests WHERE log_id = 'beta-conn'").all()).toEqual([{ log_id: "beta-conn", reason: "Subscription deleted" }]);
  });

  it("requires --scope", async () => {
    const result = await instance.cli(["subscriptions", "create", "acme"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: Missing --scope\.\n\nUsage: portcullis subscriptions create <subscriptionId> --scope <scope> \[options\]\n/);
  });
});

describe("policy", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  // No <base />: the same document is valid at every scope, the global one included.
  const xml = '<policies>\n  <inbound>\n    <ip-filter action="forbid"><address>10.0.0.1</address></ip-filter>\n  </inbound>\n</policies>\n';

  it("sets, gets and deletes the global, an API's and a product's policy", async () => {
    const path = join(dir, "policy.xml");
    writeFileSync(path, xml);
    await instance.cli(["products", "create", "basic", "--display-name", "Basic"]);

    expect(await instance.cli(["policy", "set", "--file", path])).toEqual(ok("Created the global policy.\n"));
    expect(await instance.cli(["policy", "set", "--file", path])).toEqual(ok("Replaced the global policy.\n"));
    expect(await instance.cli(["policy", "set", "--api", "echo", "-f", "-"], { stdin: xml })).toEqual(ok("Created the policy of API echo.\n"));
    expect(await instance.cli(["policy", "set", "--product", "basic", "-f", path])).toEqual(ok("Created the policy of product basic.\n"));

    expect(await instance.cli(["policy", "get"])).toEqual(ok(xml));
    expect(await instance.cli(["policy", "get", "--api", "echo"])).toEqual(ok(xml));
    const json = JSON.parse((await instance.cli(["policy", "get", "--product", "basic", "--json"])).stdout);
    expect(json).toEqual({ id: "/products/basic/policies/policy", name: "policy", properties: { format: "rawxml", value: xml } });

    expect(await instance.cli(["policy", "delete", "--api", "echo"])).toEqual(ok("Deleted the policy of API echo.\n"));
    expect(await instance.cli(["policy", "delete", "--api", "echo"])).toEqual(ok("The policy of API echo was not set; nothing deleted.\n"));
    const none = await instance.cli(["policy", "get", "--api", "echo"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^Error: .* \(404 NotFound\)\n$/);
  });

  it("exits 1 with the XML error's position, 2 for two scopes at once", async () => {
    const broken = await instance.cli(["policy", "set", "-f", "-"], { stdin: "<policies><inbound>" });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      "Error: properties.value is not a valid policy document (1 error): line 1, column 11: <inbound> is not closed: expected </inbound>. (400 ValidationError)\n" +
        "  properties.value: line 1, column 11: <inbound> is not closed: expected </inbound>\n",
    );
    const both = await instance.cli(["policy", "get", "--api", "echo", "--product", "basic"]);
    expect(both).toEqual({ code: 2, stdout: "", stderr: "Error: Give only one of --api, --product.\n" });
  });
});
