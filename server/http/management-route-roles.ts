import "server-only";
import type { UserRole } from "@/db/schema/index";
import { ADMINISTRATOR_ROLES as ADMIN, ALL_ROLES as ALL, PUBLISHER_ROLES as PUBLISHER, SUBSCRIBER_ROLES as SUBSCRIBER } from "@/server/auth/roles";

/** A management API operation's method, as OpenAPI spells it. */
export type HttpMethod = "get" | "put" | "patch" | "post" | "delete";

/** The order methods are listed in (`Allow`, 405 messages). */
export const HTTP_METHODS: readonly HttpMethod[] = ["get", "put", "patch", "post", "delete"];

type Roles = readonly UserRole[] | "public";

const POLICY = { get: PUBLISHER, put: PUBLISHER, delete: PUBLISHER };

/**
 * Who may call each management API operation, by OpenAPI path and method: the one home of the
 * role matrix. The route handlers (withManagementAuth) check it, the OpenAPI document states it
 * (server/openapi/management-routes.ts describes the same paths), and a method a path does not
 * list is a 405. "public" needs no credentials.
 *
 * The role matrix it states:
 * - administrator: everything.
 * - publisher: APIs, products (and their APIs), policies at every scope, gateways' API
 *   assignments; reads gateways, subscriptions (not their keys), logs, metrics, reports and
 *   open connections, and closes open connections (1008).
 * - developer: what a developer portal needs. Reads APIs in a published product (without
 *   their `serviceUrl`) and *published* products (others are 404); subscribes to published
 *   products for themselves (starting `submitted` when the product requires approval), and
 *   reads, renames, cancels, lists the keys of and regenerates the keys of their own
 *   subscriptions (others' are 404). Everything else is 403, reads included: policies can hold
 *   secrets, users and tokens are personal, gateways, logs, metrics, reports and connections
 *   are operations data.
 * - no credentials: only the OpenAPI document (/openapi.json).
 */
export const MANAGEMENT_ROUTE_ROLES = {
  "/openapi.json": { get: "public" },

  "/apis": { get: ALL },
  "/apis/{apiId}": { get: ALL, put: PUBLISHER, patch: PUBLISHER, delete: PUBLISHER },
  "/apis/{apiId}/operations": { get: ALL },
  "/apis/{apiId}/policies/policy": POLICY,
  "/apis/{apiId}/operations/onHandshake/policies/policy": POLICY,
  "/apis/{apiId}/products": { get: ALL },

  "/policies/policy": POLICY,

  "/products": { get: ALL },
  "/products/{productId}": { get: ALL, put: PUBLISHER, patch: PUBLISHER, delete: PUBLISHER },
  "/products/{productId}/apis": { get: ALL },
  "/products/{productId}/apis/{apiId}": { put: PUBLISHER, delete: PUBLISHER },
  "/products/{productId}/policies/policy": POLICY,

  "/subscriptions": { get: ALL },
  "/subscriptions/{sid}": { get: ALL, put: SUBSCRIBER, patch: SUBSCRIBER, delete: ADMIN },
  "/subscriptions/{sid}/listSecrets": { post: SUBSCRIBER },
  "/subscriptions/{sid}/regeneratePrimaryKey": { post: SUBSCRIBER },
  "/subscriptions/{sid}/regenerateSecondaryKey": { post: SUBSCRIBER },

  "/gateways": { get: PUBLISHER },
  "/gateways/{gatewayId}": { get: PUBLISHER, put: ADMIN, patch: ADMIN, delete: ADMIN },
  "/gateways/{gatewayId}/listKeys": { post: ADMIN },
  "/gateways/{gatewayId}/regenerateKey": { post: ADMIN },
  "/gateways/{gatewayId}/generateToken": { post: ADMIN },
  "/gateways/{gatewayId}/instances": { get: PUBLISHER },
  "/gateways/{gatewayId}/apis": { get: PUBLISHER },
  "/gateways/{gatewayId}/apis/{apiId}": { put: PUBLISHER, delete: PUBLISHER },

  "/users": { get: ADMIN },
  "/users/{userId}": { get: ADMIN, put: ADMIN, patch: ADMIN, delete: ADMIN },
  "/users/{userId}/createPasswordResetLink": { post: ADMIN },
  "/groups": { get: ADMIN },
  "/groups/{groupId}": { get: ADMIN, put: ADMIN, patch: ADMIN, delete: ADMIN },
  "/groups/{groupId}/users": { get: ADMIN },
  "/groups/{groupId}/users/{userId}": { put: ADMIN, delete: ADMIN },

  "/apiTokens": { get: ADMIN, post: ADMIN },
  "/apiTokens/{tokenId}": { get: ADMIN, delete: ADMIN },

  "/auditLogs": { get: ADMIN },
  "/logs": { get: PUBLISHER },
  "/metrics": { get: PUBLISHER },
  "/reports/byApi": { get: PUBLISHER },
  "/reports/byFailureReason": { get: PUBLISHER },
  "/connections": { get: PUBLISHER },
  "/connections/{connectionId}/close": { post: PUBLISHER },
} as const satisfies Record<string, Partial<Record<HttpMethod, Roles>>>;

/** A path of the management API, as the OpenAPI document spells it (`/apis/{apiId}`). */
export type ManagementPath = keyof typeof MANAGEMENT_ROUTE_ROLES;

/** The methods `Path` has. */
export type MethodOf<Path extends ManagementPath> = keyof (typeof MANAGEMENT_ROUTE_ROLES)[Path] & HttpMethod;

/** Who may call `method` on `path`: the roles, "public", or undefined when the path has no such method. */
export function routeRoles(path: ManagementPath, method: HttpMethod): Roles | undefined {
  return (MANAGEMENT_ROUTE_ROLES[path] as Partial<Record<HttpMethod, Roles>>)[method];
}

/** The methods `path` has, in HTTP_METHODS order. */
export function routeMethods(path: ManagementPath): HttpMethod[] {
  return HTTP_METHODS.filter((method) => routeRoles(path, method) !== undefined);
}
