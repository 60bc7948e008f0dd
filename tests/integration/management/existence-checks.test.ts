/** Existence checks the portal makes while a form is filled in: lists filtered by id, answering 200 (an empty list for a free id), never 404. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, apiJson, createApi, createProduct, DEVELOPER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "../../helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(resetData);

const names = async (path: string, token?: string) => {
  const { status, body } = await apiJson("GET", path, token ? { token } : {});
  expect(status).toBe(200);
  return { count: body.count, names: body.value.map((r: { name: string }) => r.name) };
};

describe("?name= on the API, product and gateway lists", () => {
  it("answers the one resource with that id, or an empty list with 200", async () => {
    await createApi("echo");
    await createApi("echo-2");
    await createProduct("starter");
    expect(await names("/apis?name=echo")).toEqual({ count: 1, names: ["echo"] });
    expect(await names("/apis?name=chat")).toEqual({ count: 0, names: [] });
    expect(await names("/products?name=starter")).toEqual({ count: 1, names: ["starter"] });
    expect(await names("/products?name=gold")).toEqual({ count: 0, names: [] });
    expect(await names("/gateways?name=managed")).toEqual({ count: 1, names: ["managed"] });
    expect(await names("/gateways?name=edge")).toEqual({ count: 0, names: [] });
  });

  it("keeps a developer's view: an API in no published product is not found by name either", async () => {
    await createApi("hidden");
    expect(await names("/apis?name=hidden", DEVELOPER_TOKEN)).toEqual({ count: 0, names: [] });
  });

  it("answers 400 for a name that is not an id", async () => {
    const bad = await api("GET", "/apis?name=no%20spaces");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].target).toBe("name");
  });
});
