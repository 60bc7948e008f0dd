/** GET /api/management/openapi.json: public, OpenAPI 3.1, and complete for every route file. */
import { relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiJson, routeFiles, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);

type Json = Record<string, unknown>;
let document: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; securitySchemes: Json } };

beforeAll(async () => {
  const response = await apiJson("GET", "/openapi.json", { token: null });
  expect(response.status).toBe(200);
  document = response.body;
});

/** The OpenAPI path of a route file: app/api/management/products/[productId]/route.ts → /products/{productId}. */
function openApiPath(file: string): string | null {
  const folder = relative("app/api/management", relative(process.cwd(), file)).replace(/\/?route\.ts$/, "");
  if (folder === "" || folder.includes("[...")) return null;
  return `/${folder.replace(/\[(\w+)\]/g, "{$1}")}`;
}

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with the bearer security scheme", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: "/api/management" }]);
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("has the paths of every route file under app/api/management", () => {
    const paths = routeFiles().map(openApiPath).filter((p): p is string => p !== null);
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) expect(Object.keys(document.paths), path).toContain(path);
  });

  it("documents bodies, parameters, errors and roles", () => {
    const put = document.paths["/subscriptions/{sid}"]!.put!;
    expect(put.requestBody).toEqual({ required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/SubscriptionPutBody" } } } });
    expect(put.parameters).toEqual([expect.objectContaining({ name: "sid", in: "path", required: true })]);
    expect(Object.keys(put.responses as Json).sort()).toEqual(["200", "201", "400", "401", "403", "404", "409", "422"]);
    expect(put["x-portcullis-roles"]).toEqual(["administrator", "developer"]);
    const list = document.paths["/subscriptions"]!.get!;
    expect((list.parameters as { name: string }[]).map((p) => p.name)).toEqual(["$top", "$skip", "state", "scope", "ownerId"]);
    const listBody = ((list.responses as Json)["200"] as { content: { "application/json": { schema: Json } } }).content["application/json"].schema;
    expect(listBody).toMatchObject({ properties: { value: { items: { $ref: "#/components/schemas/SubscriptionContract" } } } });
    expect(document.paths["/openapi.json"]!.get!.security).toEqual([]);
  });

  it("describes request bodies as sent (defaults optional) and answers as written", () => {
    const body = document.components.schemas.ProductPutBody as { properties: { properties: { required: string[] } } };
    expect(body.properties.properties.required).toEqual(["displayName"]);
    const contract = document.components.schemas.SubscriptionContract as { properties: { properties: { properties: Json } } };
    expect(Object.keys(contract.properties.properties.properties)).not.toContain("primaryKey");
  });

  it("resolves every $ref", () => {
    for (const ref of refs(document)) {
      const name = ref.replace("#/components/schemas/", "");
      expect(document.components.schemas[name], ref).toBeDefined();
    }
  });
});
