/**
 * `portcullis export` and `portcullis apply` round-trip a whole configuration: a hand-written
 * file applied to one instance, exported, applied to a fresh instance and exported again
 * gives the same bytes; a second apply changes nothing; --prune is the only way to delete.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TEST_TIMEOUT_MS, startInstance, type Instance } from "./cli-harness";

const SEED = `
version: 1
policy: |
  <policies>
    <inbound>
      <ip-filter action="allow"><address-range from="10.0.0.0" to="10.255.255.255" /></ip-filter>
    </inbound>
    <backend><forward-request /></backend>
    <outbound />
    <on-error />
  </policies>
users:
  alice: { email: alice@example.com, firstName: Alice, role: developer }
  pat: { email: pat@example.com, role: publisher }
groups:
  partners: { displayName: Partners, users: [alice] }
apis:
  echo:
    displayName: Echo
    serviceUrl: wss://echo.example.com/ws
    path: echo
    policy: <policies><inbound><base /><check-header name="X-Team" failed-check-httpcode="403" failed-check-error-message="team" ignore-case="true" /></inbound></policies>
  chat:
    displayName: Chat room
    description: "A chat: with colons, # hashes and 'quotes'"
    serviceUrl: ws://chat.internal:9000/socket
    path: chat/v1
    protocols: [wss]
    subscriptionRequired: false
products:
  starter: { displayName: Starter, state: published, subscriptionsLimit: 2, apis: [echo, chat] }
  gold: { displayName: Gold, approvalRequired: true, apis: [echo] }
gateways:
  edge: { displayName: Edge gateway, locationData: { name: Paris edge, city: Paris, countryOrRegion: France }, apis: [chat] }
subscriptions:
  alice-starter: { displayName: Alice on Starter, scope: /products/starter, ownerId: /users/alice }
  all-apis: { displayName: Everything, scope: /apis, state: suspended }
`;

const SEED_PLAN = [
  "+ policy global",
  "+ user alice",
  "+ user pat",
  "+ group partners",
  "+ group partners: user alice",
  "+ api chat",
  "+ api echo",
  "+ policy api echo",
  "+ product gold",
  "+ product gold: api echo",
  "+ product starter",
  "+ product starter: api chat",
  "+ product starter: api echo",
  "+ gateway edge",
  "+ gateway edge: api chat",
  "+ subscription alice-starter",
  "+ subscription all-apis",
];

let source: Instance;
let target: Instance;
let dir: string;

beforeAll(async () => {
  [source, target] = await Promise.all([startInstance(), startInstance()]);
  dir = mkdtempSync(join(tmpdir(), "portcullis-cli-"));
});

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function exportOf(instance: Instance, ...args: string[]): Promise<string> {
  const result = await instance.cli(["export", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe("export and apply", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let exported: string;

  it("applies a hand-written file with a plan line per change, then has nothing left to do", async () => {
    const seed = file("seed.yaml", SEED);
    const first = await source.cli(["apply", "-f", seed]);
    expect(first).toEqual({ code: 0, stdout: [...SEED_PLAN, "Applied 17 changes.", ""].join("\n"), stderr: "" });
    expect(await source.cli(["apply", "-f", seed])).toEqual({ code: 0, stdout: "No changes.\n", stderr: "" });
  });

  it("exports the same bytes twice, in a stable order, with no keys and no passwords", async () => {
    exported = await exportOf(source);
    expect(await exportOf(source)).toBe(exported);
    expect(exported).toMatch(/^# Portcullis configuration, written by `portcullis export`\.\n/);
    const sections = [...exported.matchAll(/^(\w+):/gm)].map((m) => m[1]);
    expect(sections).toEqual(["version", "policy", "users", "groups", "apis", "products", "gateways", "subscriptions"]);
    expect(exported).toContain(
      [
        "products:",
        "  gold:",
        "    displayName: Gold",
        '    description: ""',
        "    subscriptionRequired: true",
        "    approvalRequired: true",
        "    subscriptionsLimit: null",
        "    state: notPublished",
        "    apis: [echo]",
        "  starter:",
        "    displayName: Starter",
        '    description: ""',
        "    subscriptionRequired: true",
        "    approvalRequired: false",
        "    subscriptionsLimit: 2",
        "    state: published",
        "    apis: [chat, echo]",
        "gateways:",
        "  edge:",
        "    displayName: Edge gateway",
        '    description: ""',
        "    locationData:",
        "      city: Paris",
        "      countryOrRegion: France",
        "      name: Paris edge",
        "    apis: [chat]",
        "  managed:",
        "    displayName: Managed gateway",
        "    description: The gateway co-deployed with the portal",
        "    locationData: null",
      ].join("\n"),
    );
    expect(exported).toContain("    description: \"A chat: with colons, # hashes and 'quotes'\"\n");
    expect(exported).not.toMatch(/primaryKey|secondaryKey|password/i);
    // The managed gateway serves every API by itself: no list of APIs to carry.
    expect(exported).not.toMatch(/ {2}managed:\n(?: {4}.*\n)* {4}apis:/);
  });

  it("recreates the configuration on a fresh instance: its export is byte-identical", async () => {
    const path = file("exported.yaml", exported);
    const first = await target.cli(["apply", "-f", path]);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe([...SEED_PLAN, "Applied 17 changes.", ""].join("\n"));
    expect(await target.cli(["apply", "-f", path])).toEqual({ code: 0, stdout: "No changes.\n", stderr: "" });
    expect(await exportOf(target)).toBe(exported);
  });

  it("carries subscription and gateway keys across with --include-secrets", async () => {
    const withSecrets = await exportOf(source, "--include-secrets");
    const sourceKeys = JSON.parse((await source.cli(["subscriptions", "keys", "alice-starter", "--json"])).stdout);
    expect(withSecrets).toContain(`    primaryKey: ${sourceKeys.primaryKey}\n    secondaryKey: ${sourceKeys.secondaryKey}\n`);
    const sourceGatewayKeys = JSON.parse((await source.cli(["gateways", "keys", "edge", "--json"])).stdout);
    expect(withSecrets).toContain(`    apis: [chat]\n    primaryKey: ${sourceGatewayKeys.primary}\n    secondaryKey: ${sourceGatewayKeys.secondary}\n`);

    const applied = await target.cli(["apply", "-f", file("secrets.yaml", withSecrets)]);
    expect(applied.stdout).toBe(
      [
        "~ gateway edge: primaryKey (secret)",
        "~ gateway edge: secondaryKey (secret)",
        "~ gateway managed: primaryKey (secret)",
        "~ gateway managed: secondaryKey (secret)",
        "~ subscription alice-starter: primaryKey (secret)",
        "~ subscription alice-starter: secondaryKey (secret)",
        "~ subscription all-apis: primaryKey (secret)",
        "~ subscription all-apis: secondaryKey (secret)",
        "Applied 8 changes.",
        "",
      ].join("\n"),
    );
    const targetKeys = JSON.parse((await target.cli(["subscriptions", "keys", "alice-starter", "--json"])).stdout);
    expect(targetKeys).toEqual(sourceKeys);
    expect(JSON.parse((await target.cli(["gateways", "keys", "edge", "--json"])).stdout)).toEqual(sourceGatewayKeys);
    expect(await exportOf(target, "--include-secrets")).toBe(withSecrets);
  });

  it("updates only what differs, and deletes only with --prune", async () => {
    const edited = exported
      .replace("    approvalRequired: true\n    subscriptionsLimit: null\n    state: notPublished\n    apis: [echo]\n", "    approvalRequired: true\n    subscriptionsLimit: 5\n    state: published\n    apis: [chat]\n")
      .replace("      header: Ocp-Apim-Subscription-Key\n      query: subscription-key\n  echo:", "      header: X-Chat-Key\n      query: subscription-key\n  echo:")
      .replace("    state: suspended\n", "    state: active\n")
      .replace(/ {2}pat:\n(?: {4}.*\n)+/, "");
    const path = file("edited.yaml", edited);
    const changes = [
      "~ api chat: subscriptionKeyParameterNames.header Ocp-Apim-Subscription-Key → X-Chat-Key",
      "~ product gold: subscriptionsLimit null → 5",
      "~ product gold: state notPublished → published",
      "+ product gold: api chat",
    ];

    const dryRun = await target.cli(["apply", "-f", path, "--dry-run", "--prune"]);
    expect(dryRun.stdout).toBe(
      [...changes, "- product gold: api echo", "~ subscription all-apis: state suspended → active", "- user pat", "7 changes planned; nothing applied (--dry-run).", ""].join("\n"),
    );

    const withoutPrune = await target.cli(["apply", "-f", path]);
    expect(withoutPrune.stdout).toBe([...changes, "~ subscription all-apis: state suspended → active", "Applied 5 changes.", ""].join("\n"));
    expect((await target.cli(["products", "show", "gold"])).stdout).toContain("apis:                 chat,echo\n");

    const pruned = await target.cli(["apply", "-f", path, "--prune"]);
    expect(pruned.stdout).toBe(["- product gold: api echo", "- user pat", "Applied 2 changes.", ""].join("\n"));
    expect(await target.cli(["apply", "-f", path, "--prune"])).toEqual({ code: 0, stdout: "No changes.\n", stderr: "" });
    expect(await exportOf(target)).toBe(edited);
  });

  it("names the resource when the API refuses a change, and exits 1", async () => {
    const path = file("bad.yaml", "apis:\n  bad: { displayName: Bad, serviceUrl: http://backend.test, path: bad }\n");
    expect(await target.cli(["apply", "-f", path])).toEqual({
      code: 1,
      stdout: "+ api bad\n",
      stderr: [
        "Error: api bad: properties.serviceUrl must be a ws:// or wss:// URL, not http://. (400 ValidationError)",
        "  properties.serviceUrl: must be a ws:// or wss:// URL, not http://",
        "",
      ].join("\n"),
    });
  });

  it("refuses a file that is not a configuration with exit 2, before sending anything", async () => {
    const notYaml = await target.cli(["apply", "-f", file("broken.yaml", "apis: [\n")]);
    expect(notYaml.code).toBe(2);
    expect(notYaml.stderr).toMatch(/^Error: .*broken\.yaml is not valid YAML: /);

    const wrongShape = await target.cli(["apply", "-f", file("wrong.yaml", "version: 1\nservices: {}\napis:\n  echo:\n    policy: 3\n")]);
    expect(wrongShape.code).toBe(2);
    expect(wrongShape.stderr).toBe(
      [
        `Error: ${join(dir, "wrong.yaml")} is not a Portcullis configuration:`,
        "  apis.echo.policy: Invalid input: expected string, received number",
        "  (top level): unknown key 'services' (a configuration has version, policy, users, groups, apis, products, gateways, subscriptions)",
        "",
      ].join("\n"),
    );

    const missing = await target.cli(["apply", "-f", join(dir, "nope.yaml")]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: `Error: Cannot read ${join(dir, "nope.yaml")}: no such file.\n` });
  });

  it("warns about a property the API does not have instead of changing it on every apply", async () => {
    const path = file("typo.yaml", "apis:\n  echo: { displayname: Echo typo, path: echo }\n");
    const warning = "Warning: api echo: ignoring 'displayname', which this portal's apis do not have.\n";
    expect(await target.cli(["apply", "-f", path])).toEqual({ code: 0, stdout: "No changes.\n", stderr: warning });
  });

  it("reads the file from standard input with -f -", async () => {
    expect(await target.cli(["apply", "-f", "-"], { stdin: "apis: {}\n" })).toEqual({ code: 0, stdout: "No changes.\n", stderr: "" });
  });
});

describe("a portal without some endpoints", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let older: Instance;

  beforeAll(async () => {
    older = await startInstance({ hideRoutes: ["products", "policies"] });
  });

  afterAll(async () => {
    await older?.stop();
  });

  it("skips what it cannot read or write, with a warning, and does the rest", async () => {
    const seed = [
      "policy: <policies />",
      "apis:",
      "  echo: { displayName: Echo, serviceUrl: wss://echo.example.com/ws, path: echo, policy: <policies /> }",
      "products:",
      "  starter: { displayName: Starter, apis: [echo] }",
      "subscriptions:",
      "  everything: { displayName: Everything, scope: /apis }",
    ].join("\n");
    const applied = await older.cli(["apply", "-f", file("seed-older.yaml", seed)]);
    expect(applied).toEqual({
      code: 0,
      stdout: ["+ api echo", "+ subscription everything", "Applied 2 changes.", ""].join("\n"),
      stderr: [
        "Warning: Skipping the global policy: this portal has no /policies/policy endpoint (404).",
        "Warning: Skipping api policies: this portal has no /apis/echo/policies/policy endpoint (404).",
        "Warning: Skipping 1 products: this portal has no /products endpoint (404).",
        "",
      ].join("\n"),
    });

    const result = await older.cli(["export"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/^products:|policy:/m);
    expect(result.stdout).toMatch(/^apis:/m);
    expect(result.stderr).toContain("Warning: Skipping products: this portal has no /products endpoint (404).\n");
  });
});
