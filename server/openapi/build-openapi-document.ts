import { z } from "zod";
import { routeRoles, type HttpMethod } from "@/server/http/management-route-roles";
import { MANAGEMENT_ROUTES } from "./management-routes";
import type { NamedSchema, OperationSpec, RouteSpec } from "./operation-specs";

/**
 * The management API's OpenAPI 3.1 document, generated from the route table and the zod
 * schemas the handlers parse with (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 * Request bodies are described as the client sends them (defaults optional), answers as
 * the server writes them.
 */

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid parameters, query or body.",
  401: "Missing or invalid credentials.",
  403: "The caller's role may not do this.",
  404: "No such resource.",
  409: "Conflicts with another resource.",
  422: "Well-formed but impossible (an illegal state change, the managed gateway, the last administrator).",
};

const errorSchema = z.object({
  error: z.object({
    code: z.string().describe("ValidationError, Unauthorized, Forbidden, NotFound, Conflict, UnprocessableEntity, …"),
    message: z.string(),
    details: z.array(z.object({ target: z.string(), message: z.string() })).optional(),
  }),
});

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

class DocumentBuilder {
  readonly schemas: Record<string, JsonSchema> = { Error: jsonSchema(errorSchema, "output") };

  ref(named: NamedSchema, io: "input" | "output"): JsonSchema {
    this.schemas[named.name] ??= jsonSchema(named.schema, io);
    return { $ref: `#/components/schemas/${named.name}` };
  }

  operation(route: RouteSpec, method: HttpMethod, spec: OperationSpec): JsonSchema {
    const roles = routeRoles(route.path, method);
    if (roles === undefined) throw new Error(`${method} ${route.path} is missing from the route table (management-route-roles.ts).`);
    const parameters: JsonSchema[] = [];
    for (const [name, schema] of Object.entries(route.params ?? {})) {
      parameters.push({ name, in: "path", required: true, schema: jsonSchema(schema, "input") });
    }
    for (const [name, schema] of Object.entries(spec.query?.shape ?? {})) {
      const property = jsonSchema(schema as z.ZodType, "input");
      const required = !(schema as z.ZodType).safeParse(undefined).success;
      parameters.push({ name, in: "query", required, schema: property, ...(property.description ? { description: property.description } : {}) });
    }
    const responses: Record<string, JsonSchema> = {};
    for (const [status, answer] of Object.entries(spec.responses)) {
      const schema = answer.schema && this.ref(answer.schema, "output");
      const body = schema && answer.collection ? this.page(schema) : schema;
      responses[status] = { description: answer.description, ...(body ? { content: { "application/json": { schema: body } } } : {}) };
    }
    const errors = new Set(spec.errors ?? []);
    if (parameters.length > 0 || spec.body) errors.add(400);
    if (roles !== "public") {
      errors.add(401);
      errors.add(403);
    }
    for (const status of [...errors].sort()) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status] ?? "Error.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }

    return {
      operationId: operationId(method, route.path),
      summary: spec.summary,
      description: `Roles: ${roles === "public" ? "none (public)" : roles.join(", ")}.`,
      "x-portcullis-roles": roles === "public" ? [] : [...roles],
      ...(roles === "public" ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body
        ? { requestBody: { required: true, content: { "application/json": { schema: this.ref(spec.body, "input") } } } }
        : {}),
      responses,
    };
  }

  private page(item: JsonSchema): JsonSchema {
    return {
      type: "object",
      required: ["value", "count", "nextLink"],
      properties: {
        value: { type: "array", items: item },
        count: { type: "integer", description: "Items in the whole collection." },
        nextLink: { type: ["string", "null"], description: "URL of the next page; null on the last one." },
      },
    };
  }
}

/** `PUT /products/{productId}/apis/{apiId}` → `put_products_productId_apis_apiId`. */
function operationId(method: string, path: string): string {
  return [method, ...path.split("/").filter(Boolean).map((s) => s.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+/g, "_"))].join("_");
}

/** Builds the document; `routes` defaults to the management API's table. */
export function buildOpenApiDocument(routes: readonly RouteSpec[] = MANAGEMENT_ROUTES): JsonSchema {
  const builder = new DocumentBuilder();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const item: Record<string, JsonSchema> = {};
    for (const [method, spec] of Object.entries(route.operations)) item[method] = builder.operation(route, method as HttpMethod, spec!);
    paths[route.path] = item;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Portcullis management API",
      version: "1",
      description:
        "Azure API Management–shaped REST API for WebSocket APIs, products, subscriptions, policies, gateways, users and tokens. " +
        'Resources are sent as `{"properties": {...}}` and returned as `{"id", "name", "properties"}`; collections are paged with `$top`/`$skip`.',
    },
    servers: [{ url: "/api/management" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A management API token (`pk_…`) or the bootstrap token." },
      },
      schemas: builder.schemas,
    },
  };
}
