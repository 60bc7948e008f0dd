/**
 * The handshake policies through a real gateway process: documents stored in the `policies`
 * table, clients and `ws` backends on loopback, the backend's view of the handshake checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies, productApis, products } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, type HandshakeAnswer } from "../../helpers/handshake-client";
import { insertSubscription } from "../../helpers/insert-subscription";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

let tmp: TempDatabase;
let backend: EchoBackend;
let second: EchoBackend;
let gateway: GatewayProcess;
let attempt = 0;

function setPolicy(scope: "global" | "product" | "api", scopeId: string, inbound: string): void {
  // The global document has nothing to inherit, so only the others carry <base /> in their other sections.
  const rest = scope === "global" ? "<backend /><outbound /><on-error />" : "<backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error>";
  const value = `<policies><inbound>${inbound}</inbound>${rest}</policies>`;
  tmp.db
    .insert(policies)
    .values({ scope, scopeId, value })
    .onConflictDoUpdate({ target: [policies.scope, policies.scopeId], set: { value } })
    .run();
}

/** One handshake to `path` (made unique so its log row can be found); a 101's socket is closed. */
async function handshake(path: string, headers: Record<string, string> = {}): Promise<HandshakeAnswer & { url: string }> {
  const url = `${path}${path.includes("?") ? "&" : "?"}try=${++attempt}`;
  const answer = await attemptHandshake(gateway.url(url), headers);
  answer.socket?.destroy();
  return { ...answer, url };
}

/** Handshakes until `accept` says the gateway runs the new policy (config reloads within a second). */
function until(path: string, accept: (a: HandshakeAnswer) => boolean, headers: Record<string, string> = {}) {
  return waitFor(async () => {
    const answer = await handshake(path, headers);
    return accept(answer) ? answer : undefined;
  }, 3000);
}

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  second = await startEchoBackend();
  for (const id of ["ipf", "headers", "inject", "route", "answer", "branch"]) insertApi(tmp.db, { id, path: id, serviceUrl: backend.url() });
  insertApi(tmp.db, { id: "compose", path: "compose", serviceUrl: backend.url(), subscriptionRequired: true });
  tmp.db.insert(products).values({ id: "starter", displayName: "Starter", state: "published" }).run();
  tmp.db.insert(productApis).values({ productId: "starter", apiId: "compose" }).run();
  gateway = await startGateway(tmp.file);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  await second?.close();
  tmp?.cleanup();
});

describe("ip-filter", () => {
  it("forbids 127.0.0.1 with APIM's 403 body, logs the reason, and never reaches the backend", async () => {
    setPolicy("api", "ipf", '<ip-filter action="forbid"><address>127.0.0.1</address></ip-filter>');
    await until("/ipf", (a) => a.status === 403);
    const before = backend.requests.length;
    const refused = await handshake("/ipf");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ statusCode: 403, message: "Forbidden" });
    expect(refused.headers["content-type"]).toBe("application/json; charset=utf-8");
    const row = await waitForLogRow(tmp.db, refused.url);
    expect(row).toMatchObject({ responseCode: 403, lastErrorReason: "CallerIpBlocked", lastErrorMessage: "Caller IP address is blocked. Access denied.", lastErrorSource: "ip-filter" });
    expect(backend.requests.length).toBe(before);
  });

  it("forbids the loopback caller by its IPv4-mapped IPv6 rule too", async () => {
    setPolicy("api", "ipf", '<ip-filter action="forbid"><address-range from="::ffff:127.0.0.0" to="::ffff:127.255.255.255" /></ip-filter>');
    await until("/ipf", (a) => a.status === 403);
  });

  it("lets through a caller on the allow list, and refuses the others with the caller's address in the log", async () => {
    setPolicy("api", "ipf", '<ip-filter action="allow"><address>127.0.0.1</address></ip-filter>');
    await until("/ipf", (a) => a.status === 101);
    setPolicy("api", "ipf", '<ip-filter action="allow"><address>203.0.113.7</address></ip-filter>');
    const refused = await until("/ipf", (a) => a.status === 403);
    const row = await waitForLogRow(tmp.db, refused.url);
    expect(row).toMatchObject({ lastErrorReason: "CallerIpNotAllowed", lastErrorMessage: "Caller IP address 127.0.0.1 is not allowed. Access denied." });
  });
});

describe("what the backend receives", () => {
  it("sees set-header, set-query-parameter and authentication-basic, and not the client's replaced values", async () => {
    setPolicy(
      "api",
      "headers",
      '<set-header name="X-Tenant" exists-action="override"><value>contoso</value></set-header>' +
        '<set-header name="X-Caller"><value>@(context.Request.IpAddress)</value></set-header>' +
        '<set-header name="X-Debug" exists-action="delete" />' +
        '<set-query-parameter name="api-version" exists-action="override"><value>2024-01-01</value></set-query-parameter>' +
        '<set-query-parameter name="secret" exists-action="delete" />' +
        '<authentication-basic username="svc" password="pässword" />',
    );
    const before = backend.requests.length;
    await until("/headers/room?api-version=old&secret=x", (a) => a.status === 101 && backend.requests.length > before && backend.requests.at(-1)!.headers["x-tenant"] === "contoso", {
      "x-tenant": "spoofed",
      "X-Debug": "1",
      Authorization: "Bearer client",
    });
    const seen = backend.requests.at(-1)!;
    expect(seen.headers["x-tenant"]).toBe("contoso");
    expect(seen.headers["x-caller"]).toBe("127.0.0.1");
    expect(seen.headers["x-debug"]).toBeUndefined();
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from("svc:pässword", "utf8").toString("base64")}`);
    const query = new URL(seen.url!, "ws://backend").searchParams;
    expect(query.getAll("api-version")).toEqual(["2024-01-01"]);
    expect(query.has("secret")).toBe(false);
    expect(new URL(seen.url!, "ws://backend").pathname).toBe("/room");
  });

  it("refuses with 500 a header value an expression fills with CRLF, and the backend sees nothing", async () => {
    setPolicy("api", "inject", '<set-header name="X-Echo"><value>@(context.Request.Url.Query.GetValueOrDefault("v", ""))</value></set-header>');
    await until("/inject?v=fine", (a) => a.status === 101 && backend.requests.at(-1)!.headers["x-echo"] === "fine");
    const before = backend.requests.length;
    const refused = await handshake("/inject?v=a%0D%0AX-Admin:%20true");
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body)).toEqual({ statusCode: 500, message: "Internal server error" });
    const row = await waitForLogRow(tmp.db, refused.url);
    expect(row).toMatchObject({ lastErrorReason: "ExpressionValueEvaluationFailure", lastErrorSource: "set-header" });
    expect(backend.requests.length).toBe(before);
  });

  it("set-backend-service routes the handshake to another backend, with the rest of the path and the query", async () => {
    setPolicy("api", "route", `<set-backend-service base-url="${second.url("/v2")}" />`);
    const answer = await until("/route/room?x=1", (a) => a.status === 101 && second.requests.length > 0);
    const seen = second.requests.at(-1)!;
    expect(seen.url).toBe(`/v2/room?x=1&try=${answer.url.split("try=")[1]}`);
    const row = await waitForLogRow(tmp.db, answer.url);
    expect(row.backendUrl).toBe(second.url(`/v2/room?x=1&try=${answer.url.split("try=")[1]}`));
  });
});

describe("return-response", () => {
  it("answers its own status, headers and body without touching the backend", async () => {
    setPolicy(
      "api",
      "answer",
      '<return-response><set-status code="403" reason="Forbidden" /><set-header name="Content-Type" exists-action="override"><value>text/plain</value></set-header>' +
        '<set-header name="X-Reason"><value>maintenance</value></set-header><set-body>Back at 10:00</set-body></return-response>',
    );
    await until("/answer", (a) => a.status === 403);
    const before = backend.requests.length;
    const answer = await handshake("/answer");
    expect(answer.status).toBe(403);
    expect(answer.body).toBe("Back at 10:00");
    expect(answer.headers["content-type"]).toBe("text/plain");
    expect(answer.headers["x-reason"]).toBe("maintenance");
    expect(answer.headers["content-length"]).toBe("13");
    expect(backend.requests.length).toBe(before);
  });
});

describe("choose", () => {
  it("picks the branch by a query parameter", async () => {
    setPolicy(
      "api",
      "branch",
      '<choose><when condition="@(context.Request.Url.Query.GetValueOrDefault(&quot;mode&quot;, &quot;&quot;) == &quot;closed&quot;)">' +
        '<return-response><set-status code="503" reason="Service Unavailable" /><set-body>closed</set-body></return-response></when>' +
        '<otherwise><set-header name="X-Branch"><value>open</value></set-header></otherwise></choose>',
    );
    const closed = await until("/branch?mode=closed", (a) => a.status === 503);
    expect(closed.body).toBe("closed");
    const before = backend.requests.length;
    const open = await handshake("/branch?mode=open");
    expect(open.status).toBe(101);
    await waitFor(() => backend.requests.length > before, 2000);
    expect(backend.requests.at(-1)!.headers["x-branch"]).toBe("open");
  });
});

describe("global, product and API documents", () => {
  it("compose through <base />: API before, then product (which puts global first), then API after", async () => {
    const key = insertSubscription(tmp.db, tmp.file, { id: "sub-starter", scope: "/products/starter", displayName: "starter" }).primary;
    const append = (value: string) => `<set-header name="X-Order" exists-action="append"><value>${value}</value></set-header>`;
    setPolicy("global", "", append("global"));
    setPolicy("product", "starter", `<base />${append("product")}<set-variable name="tier" value="@(context.Product.Id)" />`);
    setPolicy("api", "compose", `${append("api-before")}<base />${append("api-after")}<set-header name="X-Tier"><value>@(context.Variables.GetValueOrDefault&lt;string&gt;("tier"))</value></set-header>`);
    const headers = { "Ocp-Apim-Subscription-Key": key };
    await until("/compose", (a) => a.status === 101 && backend.requests.at(-1)!.headers["x-tier"] === "starter", headers);
    const seen = backend.requests.at(-1)!;
    expect(seen.headers["x-order"]).toBe("api-before, global, product, api-after");

    // An API document without <base /> drops what it would inherit.
    setPolicy("api", "compose", append("api-only"));
    await until("/compose", (a) => a.status === 101 && backend.requests.at(-1)!.headers["x-order"] === "api-only", headers);

    // The global ip-filter applies to every API, this one included.
    setPolicy("api", "compose", `<base />`);
    setPolicy("global", "", '<ip-filter action="forbid"><address>127.0.0.1</address></ip-filter>');
    await until("/compose", (a) => a.status === 403, headers);
    tmp.db.delete(policies).run();
  });
});
