/** Policy documents at global, product and API scope through the management API's route handlers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, apiJson, createApi, createProduct, DEVELOPER_TOKEN, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(async () => {
  resetData();
  await createApi("echo");
  await createProduct("starter");
});

const POLICY = `<policies>
  <inbound>
    <base />
    <check-header name="X-Tenant" failed-check-httpcode="401" failed-check-error-message="No tenant" ignore-case="false" />
    <set-variable name="mobile" value="@(context.Request.Headers.GetValueOrDefault("User-Agent","").Contains("Mobile"))" />
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`;

/** The global document has no parent scope, so no <base />. */
const GLOBAL_POLICY = POLICY.replace(/\s*<base \/>/g, "").replace(/<(backend|outbound|on-error)><\/\1>/g, "<$1 />");

const scopes = [
  { name: "global", path: "/policies/policy", id: "/policies/policy", policy: GLOBAL_POLICY },
  { name: "product", path: "/products/starter/policies/policy", id: "/products/starter/policies/policy", policy: POLICY },
  { name: "API", path: "/apis/echo/policies/policy", id: "/apis/echo/policies/policy", policy: POLICY },
];

describe.each(scopes)("$name policy", ({ path, id, policy: POLICY }) => {
  it("is 404 until set, then created (201), replaced (200), read and deleted (200, then 204)", async () => {
    expect((await api("GET", path)).status).toBe(404);
    const created = await apiJson("PUT", path, { body: { properties: { format: "rawxml", value: POLICY } } });
    expect(created).toEqual({ status: 201, body: { id, name: "policy", properties: { format: "rawxml", value: POLICY } } });
    const replaced = await apiJson("PUT", path, { body: { properties: { value: "<policies><inbound></inbound></policies>" } } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.properties.format).toBe("xml");
    expect((await apiJson("GET", path)).body.properties.value).toBe("<policies><inbound></inbound></policies>");
    expect((await api("DELETE", path)).status).toBe(200);
    expect((await api("DELETE", path)).status).toBe(204);
    expect((await api("GET", path)).status).toBe(404);
  });

  it("refuses XML that is not well-formed, with line and column", async () => {
    const broken = "<policies>\n  <inbound>\n    <base />\n  </outbound>\n</policies>";
    expect(await apiJson("PUT", path, { body: { properties: { format: "rawxml", value: broken } } })).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: "properties.value is not a valid policy document (1 error): line 4, column 3: expected </inbound>, found </outbound>.",
          details: [{ target: "properties.value", message: "line 4, column 3: expected </inbound>, found </outbound>" }],
        },
      },
    });
  });
});

describe("policy rules", () => {
  it("requires <policies> as the root element", async () => {
    const response = await apiJson("PUT", "/policies/policy", { body: { properties: { value: "<inbound><base/></inbound>" } } });
    expect(response.body.error.message).toBe(
      "properties.value is not a valid policy document (1 error): line 1, column 2: the root element must be <policies>, not <inbound>.",
    );
  });

  it("refuses an unknown format", async () => {
    const response = await apiJson("PUT", "/policies/policy", { body: { properties: { format: "json", value: "<policies/>" } } });
    expect(response.body.error.details).toEqual([{ target: "properties.format", message: 'must be one of "xml", "rawxml"' }]);
  });

  it("serves the API policy under the onHandshake operation too (one document)", async () => {
    await api("PUT", "/apis/echo/operations/onHandshake/policies/policy", { body: { properties: { value: POLICY } } });
    const viaApi = await apiJson("GET", "/apis/echo/policies/policy");
    expect(viaApi.body).toEqual({ id: "/apis/echo/policies/policy", name: "policy", properties: { format: "xml", value: POLICY } });
    expect((await api("DELETE", "/apis/echo/operations/onHandshake/policies/policy")).status).toBe(200);
    expect((await api("GET", "/apis/echo/policies/policy")).status).toBe(404);
  });

  it("answers 404 for the policy of an unknown API or product", async () => {
    expect(await apiJson("PUT", "/apis/ghost/policies/policy", { body: { properties: { value: "<policies/>" } } })).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: "API 'ghost' not found." } },
    });
    expect((await apiJson("GET", "/products/ghost/policies/policy")).body.error.message).toBe("Product 'ghost' not found.");
    expect((await apiJson("GET", "/products/starter/policies/policy")).body.error.message).toBe("No policy is set at product 'starter'.");
  });

  it("lets publishers manage policies and keeps them from developers, reads included", async () => {
    expect((await api("PUT", "/policies/policy", { token: PUBLISHER_TOKEN, body: { properties: { value: "<policies/>" } } })).status).toBe(201);
    expect(await apiJson("GET", "/policies/policy", { token: DEVELOPER_TOKEN })).toEqual({
      status: 403,
      body: { error: { code: "Forbidden", message: "The developer role cannot GET this resource; it requires administrator or publisher." } },
    });
  });

  it("goes away with its API", async () => {
    await api("PUT", "/apis/echo/policies/policy", { body: { properties: { value: "<policies/>" } } });
    await api("DELETE", "/apis/echo");
    await createApi("echo");
    expect((await api("GET", "/apis/echo/policies/policy")).status).toBe(404);
  });
});
