/**
 * Every management route against the route table (management-route-roles.ts) and the paths the
 * OpenAPI document is built from: each documented operation is exported and answers 401 without
 * credentials and 403 to the roles it does not list (with the exact message); every other
 * exported method is a 405.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRole } from "@/db/schema/index";
import { MANAGEMENT_ROUTE_ROLES, routeRoles, type HttpMethod } from "@/server/http/management-route-roles";
import { MANAGEMENT_ROUTES } from "@/server/openapi/management-routes";
import { api, DEVELOPER_TOKEN, type Method, PUBLISHER_TOKEN, routePatterns, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);

const TOKENS: Record<Exclude<UserRole, "administrator">, string> = { publisher: PUBLISHER_TOKEN, developer: DEVELOPER_TOKEN };
const METHODS: Method[] = ["GET", "PUT", "PATCH", "POST", "DELETE"];

/** `/products/{productId}/apis/{apiId}` → `/products/productId-1/apis/apiId-1`. */
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, "$1-1");

const operations = MANAGEMENT_ROUTES.flatMap((route) =>
  Object.keys(route.operations).map((method) => ({
    label: `${method.toUpperCase()} ${route.path}`,
    method: method.toUpperCase() as Method,
    path: concrete(route.path),
    roles: routeRoles(route.path, method as HttpMethod)!,
  })),
);

describe.each(operations.filter((op) => op.roles !== "public"))("$label", ({ method, path, roles }) => {
  it("answers 401 without credentials", async () => {
    const response = await api(method, path, { token: null, body: {} });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
  });

  for (const [role, token] of Object.entries(TOKENS)) {
    if ((roles as readonly string[]).includes(role)) continue;
    it(`answers 403 to a ${role}`, async () => {
      const response = await api(method, path, { token, body: {} });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: { code: "Forbidden", message: `The ${role} role cannot ${method} this resource; it requires ${(roles as readonly string[]).join(" or ")}.` },
      });
    });
  }
});

describe("the route table", () => {
  it("gives roles to exactly the operations the OpenAPI paths describe", () => {
    const described = MANAGEMENT_ROUTES.flatMap((route) => Object.keys(route.operations).map((method) => `${method} ${route.path}`));
    const withRoles = Object.entries(MANAGEMENT_ROUTE_ROLES).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(described.sort()).toEqual(withRoles.sort());
  });

  it("answers every public operation without credentials", async () => {
    for (const op of operations.filter((o) => o.roles === "public")) {
      expect((await api(op.method, op.path, { token: null })).status, op.label).toBe(200);
    }
  });

  it("describes every route file, and every method a route file answers other than with 405", async () => {
    const documented = new Map<string, (typeof MANAGEMENT_ROUTES)[number]>(MANAGEMENT_ROUTES.map((r) => [r.path, r]));
    for (const pattern of routePatterns()) {
      const path = pattern.replace(/\[(\w+)\]/g, "{$1}");
      const route = documented.get(path);
      expect(route, `${path} is missing from server/openapi/management-routes.ts`).toBeDefined();
      for (const method of METHODS) {
        if (route!.operations[method.toLowerCase() as HttpMethod]) continue;
        const response = await api(method, concrete(path), { body: {} }).catch(() => null);
        // A method the file does not export is a 405 from Next.js itself.
        if (response) expect(response.status, `${method} ${path} is exported but not documented`).toBe(405);
      }
    }
    expect(documented.size).toBe(routePatterns().length);
  });
});
