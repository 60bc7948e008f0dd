import type { z } from "zod";
import type { HttpMethod, ManagementPath } from "@/server/http/management-route-roles";
import { pageQuerySchema } from "@/server/http/pagination";

/**
 * How the OpenAPI document describes a path and its operations, and builders for the common
 * shapes (list, get, put, patch, delete, link, unlink). Roles are not here: the route table has them.
 */

/** A schema with the name it gets under `components.schemas`. */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

/** One operation's summary, parameters, body and answers. */
export interface OperationSpec {
  summary: string;
  /** Query parameters: each property of the object is one parameter. */
  query?: z.ZodObject;
  body?: NamedSchema;
  /** Success answers by status; `schema` absent for an empty body, `collection` for a `{value, count, nextLink}` page. */
  responses: Record<number, { description: string; schema?: NamedSchema; collection?: boolean }>;
  /** Error statuses this operation can answer besides 401/403 (400 is implied by params, query and body). */
  errors?: number[];
}

/** One path and its operations. */
export interface RouteSpec {
  /** OpenAPI path under the base URL: `/products/{productId}`. */
  path: ManagementPath;
  params?: Record<string, z.ZodType>;
  operations: Partial<Record<HttpMethod, OperationSpec>>;
}

/** A schema named for `components.schemas`. */
export const named = (name: string, schema: z.ZodType): NamedSchema => ({ name, schema });

/** GET of a collection: a `{value, count, nextLink}` page. */
export const list = (summary: string, item: NamedSchema, query: z.ZodObject = pageQuerySchema): OperationSpec => ({
  summary,
  query,
  responses: { 200: { description: "A page of the collection.", schema: item, collection: true } },
});
/** GET of one resource. */
export const get = (summary: string, item: NamedSchema): OperationSpec => ({
  summary,
  responses: { 200: { description: "The resource.", schema: item } },
  errors: [404],
});
/** PUT that creates (201) or replaces (200). */
export const put = (summary: string, item: NamedSchema, body: NamedSchema | undefined, errors: number[] = []): OperationSpec => ({
  summary,
  body,
  responses: { 200: { description: "Replaced.", schema: item }, 201: { description: "Created.", schema: item } },
  errors,
});
/** PATCH of one resource. */
export const patch = (summary: string, item: NamedSchema, body: NamedSchema, errors: number[] = [], query?: z.ZodObject): OperationSpec => ({
  summary,
  query,
  body,
  responses: { 200: { description: "The updated resource.", schema: item } },
  errors: [404, ...errors],
});
/** DELETE: 200 when deleted, 204 when there was nothing. */
export const del = (summary: string, options: { query?: z.ZodObject; errors?: number[] } = {}): OperationSpec => ({
  summary,
  query: options.query,
  responses: { 200: { description: "Deleted." }, 204: { description: "There was nothing to delete." } },
  errors: options.errors,
});
/** PUT of a link between two resources. */
export const link = (summary: string, item: NamedSchema, errors: number[] = []): OperationSpec => ({
  summary,
  responses: { 200: { description: "Already linked.", schema: item }, 201: { description: "Linked.", schema: item } },
  errors: [404, ...errors],
});
/** DELETE of a link between two resources. */
export const unlink = (summary: string, errors: number[] = []): OperationSpec => ({
  summary,
  responses: { 200: { description: "Removed." }, 204: { description: "It was not linked." } },
  errors: [404, ...errors],
});
