/**
 * `portcullis apis …` as a user runs it: the real CLI process against the real management
 * API route handlers, with its output and exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/tests/helpers/free-port";
import { CLI_TEST_TIMEOUT_MS, runCli, startInstance, type Instance } from "./cli-harness";

let instance: Instance;

beforeAll(async () => {
  instance = await startInstance();
});

afterAll(async () => {
  await instance?.stop();
});

const createEcho = ["apis", "create", "echo", "--display-name", "Echo", "--service-url", "wss://echo.example.com/ws", "--path", "/echo/"];

describe("apis create, list, show, delete", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("round-trips an API through the management API", async () => {
    const created = await instance.cli([...createEcho, "--protocols", "wss", "--no-subscription-required"]);
    expect(created).toEqual({ code: 0, stdout: "Created API echo (path echo).\n", stderr: "" });

    const replaced = await instance.cli([...createEcho]);
    expect(replaced.stdout).toBe("Replaced API echo (path echo).\n");

    const list = await instance.cli(["apis", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      [
        "NAME  DISPLAY NAME  PATH  SERVICE URL                PROTOCOLS  SUBSCRIPTION",
        "echo  Echo          echo  wss://echo.example.com/ws  ws,wss     required",
        "",
      ].join("\n"),
    );

    const json = await instance.cli(["apis", "list", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: "/apis/echo",
        name: "echo",
        properties: {
          displayName: "Echo",
          description: "",
          type: "websocket",
          serviceUrl: "wss://echo.example.com/ws",
          path: "echo",
          protocols: ["ws", "wss"],
          subscriptionRequired: true,
          subscriptionKeyParameterNames: { header: "Ocp-Apim-Subscription-Key", query: "subscription-key" },
        },
      },
    ]);

    const show = await instance.cli(["apis", "show", "echo"]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("name:                                 echo\n");
    expect(show.stdout).toContain("serviceUrl:                           wss://echo.example.com/ws\n");
    expect(show.stdout).toContain("subscriptionKeyParameterNames.header: Ocp-Apim-Subscription-Key\n");
    const showJson = await instance.cli(["apis", "show", "echo", "--json"]);
    expect(JSON.parse(showJson.stdout).properties.path).toBe("echo");

    instance.database.db.$client
      .prepare("INSERT INTO gateway_logs (id, time, gateway_id, api_id, caller_ip, method, url, response_code, total_time_ms) VALUES ('echo-conn', ?, 'managed', 'echo', '127.0.0.1', 'GET', '/echo', 101, 1)")
      .run(Date.now());
    expect(await instance.cli(["apis", "delete", "echo", "--close-connections"])).toEqual({ code: 0, stdout: "Deleted API echo.\n", stderr: "" });
    expect(instance.database.db.$client.prepare("SELECT log_id, reason FROM connection_close_requests").all()).toEqual([{ log_id: "echo-conn", reason: "API deleted" }]);
    expect((await instance.cli(["apis", "delete", "echo"])).stdout).toBe("No API echo; nothing deleted.\n");
    expect((await instance.cli(["apis", "list"])).stdout).toBe("No APIs.\n");
  });

  it("follows nextLink to list every page", async () => {
    // The API pages by 100; 101 APIs need a second page.
    const values = Array.from({ length: 101 }, (_, i) => {
      const id = `api-${String(i).padStart(3, "0")}`;
      return `('${id}', '${id}', 'ws://backend.test/${id}', '${id}', '["ws"]', 0)`;
    });
    instance.database.db.$client.exec(
      `INSERT INTO apis (id, display_name, service_url, path, protocols, subscription_required, created_at, updated_at)
       SELECT column1, column2, column3, column4, column5, column6, 0, 0 FROM (VALUES ${values.join(", ")})`,
    );
    try {
      const list = await instance.cli(["apis", "list", "--json"]);
      const names = (JSON.parse(list.stdout) as { name: string }[]).map((a) => a.name);
      expect(names).toHaveLength(101);
      expect(names.at(-1)).toBe("api-100");
    } finally {
      instance.database.db.$client.exec("DELETE FROM apis");
    }
  });
});

describe("errors", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("exits 1 with the API's validation message and details for a bad service URL scheme", async () => {
    const result = await instance.cli(["apis", "create", "bad", "--display-name", "Bad", "--service-url", "http://backend.test", "--path", "bad"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "Error: properties.serviceUrl must be a ws:// or wss:// URL, not http://. (400 ValidationError)",
        "  properties.serviceUrl: must be a ws:// or wss:// URL, not http://",
        "",
      ].join("\n"),
    });
  });

  it("exits 1 with the 401 message without a token, and with a wrong one", async () => {
    const none = await instance.cli(["apis", "list"], { env: { PORTCULLIS_TOKEN: undefined } });
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      "Error: Missing credentials. Send 'Authorization: Bearer <token>' with a management API token. (401 Unauthorized)\n",
    );
    const wrong = await instance.cli(["apis", "list", "--token", "not-a-real-token"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe("Error: The bearer token is invalid, expired or revoked. (401 Unauthorized)\n");
  });

  it("exits 1 with the API's 404 message for an unknown API", async () => {
    const result = await instance.cli(["apis", "show", "nope"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: .*nope.* \(404 NotFound\)\n$/);
  });

  it("exits 3 when the portal cannot be reached", async () => {
    const port = await freePort();
    // Through the real bin, so its exit code is the one a shell sees.
    const result = await runCli(["apis", "list"], { bin: true, env: { PORTCULLIS_URL: `http://127.0.0.1:${port}` } });
    expect(result).toEqual({
      code: 3,
      stdout: "",
      stderr: `Error: Cannot reach Portcullis at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}.\n`,
    });
  });

  it("exits 2 for usage errors, printing the command's help", async () => {
    const missing = await instance.cli(["apis", "create", "echo", "--display-name", "Echo"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Error: Missing --service-url\.\n\nUsage: portcullis apis create <apiId> --display-name <text>/);

    const unknownOption = await instance.cli(["apis", "list", "--frobnicate"]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/^Error: Unknown option '--frobnicate'\./);

    const extra = await instance.cli(["apis", "show", "echo", "chat"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/^Error: Unexpected argument 'chat'\./);

    const unknownCommand = await instance.cli(["apis", "frob"]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/^Error: Unknown command 'apis frob'\.\n\nUsage: portcullis apis <command>/);

    const badUrl = await runCli(["apis", "list", "--url", "ftp://portal.test"]);
    expect(badUrl).toEqual({ code: 2, stdout: "", stderr: "Error: The portal URL must be http:// or https://, not ftp://.\n" });
  });
});

describe("--help", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("lists every command, and each command's options", async () => {
    // The real bin (tsx loading cli/main.ts): the entry point users run.
    const top = await runCli(["--help"], { bin: true });
    expect(top.code).toBe(0);
    for (const line of ["apis create <apiId>", "products add-api <productId> <apiId>", "subscriptions keys <subscriptionId>", "policy set", "export", "apply"]) {
      expect(top.stdout).toContain(`  ${line}`);
    }
    const create = await runCli(["apis", "create", "--help"]);
    expect(create.code).toBe(0);
    expect(create.stdout).toMatch(/^Usage: portcullis apis create <apiId> --display-name <text> --service-url <url> --path <path> \[options\]\n/);
    expect(create.stdout).toContain("  --no-subscription-required  Let clients connect without a subscription key\n");
    const group = await runCli(["subscriptions", "--help"]);
    expect(group.stdout).toContain("  subscriptions approve <subscriptionId>");
    expect(group.stdout).not.toContain("apis list");
  });
});
