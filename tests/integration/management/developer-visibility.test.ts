/**
 * What a developer may see of APIs through the management API and the portal's AsyncAPI route:
 * only APIs in at least one published product (others answer 404, like a miss), never their
 * backend URL. Administrators and publishers see every API with its serviceUrl.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as getAsyncApi } from "@/app/api/portal/apis/[apiId]/asyncapi/route";
import { api, apiJson, createProduct, DEVELOPER_TOKEN, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

const SECRET_URL = "wss://backend.example.com/ws?token=backend-secret";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(async () => {
  resetData();
  for (const apiId of ["published", "unpublished", "productless"]) {
    const put = await api("PUT", `/apis/${apiId}`, { body: { properties: { displayName: apiId, serviceUrl: SECRET_URL, path: apiId } } });
    expect(put.status).toBe(201);
  }
  await createProduct("open-product");
  await createProduct("draft-product", { state: "notPublished" });
  // "published" is in both products; "unpublished" only in the notPublished one; "productless" in none.
  for (const [productId, apiId] of [["open-product", "published"], ["draft-product", "published"], ["draft-product", "unpublished"]]) {
    expect((await api("PUT", `/products/${productId}/apis/${apiId}`)).status).toBe(201);
  }
});

const notFound = (apiId: string) => ({ status: 404, body: { error: { code: "NotFound", message: `API '${apiId}' not found.` } } });

describe("a developer", () => {
  it("lists only published APIs, without serviceUrl", async () => {
    const list = await apiJson("GET", "/apis", { token: DEVELOPER_TOKEN });
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(1);
    expect(list.body.value).toEqual([
      {
        id: "/apis/published",
        name: "published",
        properties: {
          displayName: "published",
          description: "",
          type: "websocket",
          path: "published",
          protocols: ["ws", "wss"],
          subscriptionRequired: true,
          subscriptionKeyParameterNames: { header: "Ocp-Apim-Subscription-Key", query: "subscription-key" },
        },
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain("backend-secret");
    expect((await apiJson("GET", "/apis?path=unpublished", { token: DEVELOPER_TOKEN })).body).toMatchObject({ value: [], count: 0 });
  });

  it("reads a published API without serviceUrl, and gets 404 for an unpublished-only or product-less one", async () => {
    const read = await apiJson("GET", "/apis/published", { token: DEVELOPER_TOKEN });
    expect(read.status).toBe(200);
    expect(read.body.properties).not.toHaveProperty("serviceUrl");
    for (const apiId of ["unpublished", "productless", "ghost"]) {
      expect(await apiJson("GET", `/apis/${apiId}`, { token: DEVELOPER_TOKEN })).toEqual(notFound(apiId));
    }
  });

  it("reads the operations and the published products of a published API only", async () => {
    expect((await apiJson("GET", "/apis/published/operations", { token: DEVELOPER_TOKEN })).body.count).toBe(1);
    const products = await apiJson("GET", "/apis/published/products", { token: DEVELOPER_TOKEN });
    expect(products.body.value.map((p: { name: string }) => p.name)).toEqual(["open-product"]);
    for (const apiId of ["unpublished", "productless"]) {
      expect(await apiJson("GET", `/apis/${apiId}/operations`, { token: DEVELOPER_TOKEN })).toEqual(notFound(apiId));
      expect(await apiJson("GET", `/apis/${apiId}/products`, { token: DEVELOPER_TOKEN })).toEqual(notFound(apiId));
    }
  });

  it("sees a published product's APIs without serviceUrl, and no unpublished product's", async () => {
    const apis = await apiJson("GET", "/products/open-product/apis", { token: DEVELOPER_TOKEN });
    expect(apis.body.value.map((a: { name: string }) => a.name)).toEqual(["published"]);
    expect(apis.body.value[0].properties).not.toHaveProperty("serviceUrl");
    expect((await apiJson("GET", "/products/draft-product/apis", { token: DEVELOPER_TOKEN })).status).toBe(404);
  });

  it("cannot read any API's policy", async () => {
    for (const apiId of ["published", "unpublished"]) {
      expect(await apiJson("GET", `/apis/${apiId}/policies/policy`, { token: DEVELOPER_TOKEN })).toEqual({
        status: 403,
        body: { error: { code: "Forbidden", message: "The developer role cannot GET this resource; it requires administrator or publisher." } },
      });
    }
  });

  it("gets the AsyncAPI document of a published API only", async () => {
    const asyncapi = (apiId: string) =>
      getAsyncApi(new Request(`http://portal.test/api/portal/apis/${apiId}/asyncapi`, { headers: { authorization: `Bearer ${DEVELOPER_TOKEN}` } }), {
        params: Promise.resolve({ apiId }),
      });
    const published = await asyncapi("published");
    expect(published.status).toBe(200);
    expect(await published.text()).not.toContain("backend-secret");
    for (const apiId of ["unpublished", "productless"]) {
      const response = await asyncapi(apiId);
      expect({ status: response.status, body: await response.json() }).toEqual(notFound(apiId));
    }
  });
});

describe("administrators and publishers", () => {
  it("see every API with its serviceUrl", async () => {
    for (const token of [undefined, PUBLISHER_TOKEN]) {
      const list = await apiJson("GET", "/apis", { token });
      expect(list.body.value.map((a: { name: string }) => a.name)).toEqual(["productless", "published", "unpublished"]);
      for (const apiId of ["published", "unpublished", "productless"]) {
        const read = await apiJson("GET", `/apis/${apiId}`, { token });
        expect(read.body.properties.serviceUrl).toBe(SECRET_URL);
        expect((await apiJson("GET", `/apis/${apiId}/operations`, { token })).status).toBe(200);
      }
      expect((await apiJson("GET", "/products/draft-product/apis", { token })).body.value[0].properties.serviceUrl).toBe(SECRET_URL);
    }
  });
});
