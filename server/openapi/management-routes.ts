import { z } from "zod";
import type { UserRole } from "@/db/schema/index";
import {
  apiTokenContractSchema,
  apiTokenCreateBodySchema,
  apiTokenIdSchema,
  createdApiTokenContractSchema,
} from "@/server/api-tokens/api-token.schemas";
import { apiContractSchema, apiIdSchema, apiPathSchema, apiPatchBodySchema, apiPutBodySchema, operationContractSchema } from "@/server/apis/api.schemas";
import { auditEntryContractSchema, auditLogQuerySchema } from "@/server/audit/audit.schemas";
import { ADMINISTRATOR_ROLES, ALL_ROLES, PUBLISHER_ROLES, SUBSCRIBER_ROLES } from "@/server/auth/roles";
import {
  closeConnectionBodySchema,
  closeRequestContractSchema,
  connectionContractSchema,
  connectionIdSchema,
  connectionQuerySchema,
} from "@/server/connections/connection.schemas";
import {
  gatewayContractSchema,
  gatewayGenerateTokenBodySchema,
  gatewayIdSchema,
  gatewayInstanceContractSchema,
  gatewayKeysContractSchema,
  gatewayPatchBodySchema,
  gatewayPutBodySchema,
  gatewayRegenerateKeyBodySchema,
  gatewayTokenContractSchema,
} from "@/server/gateways/gateway.schemas";
import { groupContractSchema, groupIdSchema, groupPatchBodySchema, groupPutBodySchema } from "@/server/groups/group.schemas";
import { pageQuerySchema } from "@/server/http/pagination";
import { gatewayLogContractSchema, logQuerySchema } from "@/server/logs/log.schemas";
import { metricsMinuteContractSchema, metricsQuerySchema } from "@/server/metrics/metrics.schemas";
import { policyContractSchema, policyPutBodySchema } from "@/server/policies/policy.schemas";
import { apiReportContractSchema, failureReasonReportContractSchema, reportQuerySchema } from "@/server/reports/report.schemas";
import {
  productContractSchema,
  productDeleteQuerySchema,
  productIdSchema,
  productPatchBodySchema,
  productPutBodySchema,
} from "@/server/products/product.schemas";
import {
  subscriptionContractSchema,
  subscriptionIdSchema,
  subscriptionListQuerySchema,
  subscriptionPatchBodySchema,
  subscriptionPutBodySchema,
  subscriptionSecretsSchema,
} from "@/server/subscriptions/subscription.schemas";
import { passwordResetLinkContractSchema } from "@/server/passwords/password.schemas";
import { userContractSchema, userDeleteQuerySchema, userIdSchema, userPatchBodySchema, userPutBodySchema } from "@/server/users/user.schemas";

/**
 * The management API's route table: every path, method, role, body and answer, written once
 * from the same zod schemas the handlers parse with. The OpenAPI document is generated from
 * it, and tests check it against the handlers (every route file is here; each operation
 * answers 403 to exactly the roles it does not list).
 *
 * The role matrix it states:
 * - administrator: everything.
 * - publisher: APIs, products (and their APIs), policies at every scope, gateways' API
 *   assignments; reads gateways, subscriptions (not their keys), logs, metrics, reports and
 *   open connections, and closes open connections (1008).
 * - developer: what a developer portal needs. Reads APIs in a published product (without
 *   their `serviceUrl`) and *published* products (others are 404); subscribes to published products for themselves (starting `submitted` when the
 *   product requires approval), and reads, renames, cancels, lists the keys of and
 *   regenerates the keys of their own subscriptions (others' are 404). Everything else is
 *   403, reads included: policies can hold secrets, users and tokens are personal, gateways,
 *   logs, metrics, reports and connections are operations data.
 * - no credentials: only this document (/openapi.json).
 */

export type HttpMethod = "get" | "put" | "patch" | "post" | "delete";

/** A schema with the name it gets under `components.schemas`. */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

export interface OperationSpec {
  summary: string;
  /** Who may call it; "public" needs no credentials. */
  roles: readonly UserRole[] | "public";
  /** Query parameters: each property of the object is one parameter. */
  query?: z.ZodObject;
  body?: NamedSchema;
  /** Success answers by status; `schema` absent for an empty body, `collection` for a `{value, count, nextLink}` page. */
  responses: Record<number, { description: string; schema?: NamedSchema; collection?: boolean }>;
  /** Error statuses this operation can answer besides 401/403 (400 is implied by params, query and body). */
  errors?: number[];
}

export interface RouteSpec {
  /** OpenAPI path under the base URL: `/products/{productId}`. */
  path: string;
  params?: Record<string, z.ZodType>;
  operations: Partial<Record<HttpMethod, OperationSpec>>;
}

const named = (name: string, schema: z.ZodType): NamedSchema => ({ name, schema });

const Api = named("ApiContract", apiContractSchema);
const Operation = named("OperationContract", operationContractSchema);
const Product = named("ProductContract", productContractSchema);
const Subscription = named("SubscriptionContract", subscriptionContractSchema);
const Gateway = named("GatewayContract", gatewayContractSchema);
const User = named("UserContract", userContractSchema);
const Group = named("GroupContract", groupContractSchema);
const Policy = named("PolicyContract", policyContractSchema);
const ApiToken = named("ApiTokenContract", apiTokenContractSchema);
const AuditEntry = named("AuditEntryContract", auditEntryContractSchema);
const GatewayLog = named("GatewayLog", gatewayLogContractSchema);
const MetricsMinute = named("MetricsMinute", metricsMinuteContractSchema);
const ApiReport = named("ApiReport", apiReportContractSchema);
const FailureReasonReport = named("FailureReasonReport", failureReasonReportContractSchema);
const Connection = named("Connection", connectionContractSchema);
const CloseRequest = named("CloseRequest", closeRequestContractSchema);

const list = (summary: string, item: NamedSchema, roles: readonly UserRole[], query: z.ZodObject = pageQuerySchema): OperationSpec => ({
  summary,
  roles,
  query,
  responses: { 200: { description: "A page of the collection.", schema: item, collection: true } },
});
const get = (summary: string, item: NamedSchema, roles: readonly UserRole[]): OperationSpec => ({
  summary,
  roles,
  responses: { 200: { description: "The resource.", schema: item } },
  errors: [404],
});
const put = (summary: string, item: NamedSchema, body: NamedSchema | undefined, roles: readonly UserRole[], errors: number[] = []): OperationSpec => ({
  summary,
  roles,
  body,
  responses: { 200: { description: "Replaced.", schema: item }, 201: { description: "Created.", schema: item } },
  errors,
});
const patch = (summary: string, item: NamedSchema, body: NamedSchema, roles: readonly UserRole[], errors: number[] = []): OperationSpec => ({
  summary,
  roles,
  body,
  responses: { 200: { description: "The updated resource.", schema: item } },
  errors: [404, ...errors],
});
const del = (summary: string, roles: readonly UserRole[], options: { query?: z.ZodObject; errors?: number[] } = {}): OperationSpec => ({
  summary,
  roles,
  query: options.query,
  responses: { 200: { description: "Deleted." }, 204: { description: "There was nothing to delete." } },
  errors: options.errors,
});
const link = (summary: string, item: NamedSchema, roles: readonly UserRole[], errors: number[] = []): OperationSpec => ({
  summary,
  roles,
  responses: { 200: { description: "Already linked.", schema: item }, 201: { description: "Linked.", schema: item } },
  errors: [404, ...errors],
});
const unlink = (summary: string, roles: readonly UserRole[], errors: number[] = []): OperationSpec => ({
  summary,
  roles,
  responses: { 200: { description: "Removed." }, 204: { description: "It was not linked." } },
  errors: [404, ...errors],
});
const policyOperations = (where: string): RouteSpec["operations"] => ({
  get: get(`Get the ${where} policy`, Policy, PUBLISHER_ROLES),
  put: put(`Set the ${where} policy`, Policy, named("PolicyPutBody", policyPutBodySchema), PUBLISHER_ROLES, [404]),
  delete: del(`Delete the ${where} policy`, PUBLISHER_ROLES, { errors: [404] }),
});

export const MANAGEMENT_ROUTES: readonly RouteSpec[] = [
  { path: "/openapi.json", operations: { get: { summary: "This OpenAPI 3.1 document", roles: "public", responses: { 200: { description: "The document." } } } } },

  {
    path: "/apis",
    // The same query app/api/management/apis/route.ts parses (route files export handlers only).
    operations: { get: list("List APIs (`path` finds the API using a URL suffix)", Api, ALL_ROLES, pageQuerySchema.extend({ path: apiPathSchema.optional() })) },
  },
  {
    path: "/apis/{apiId}",
    params: { apiId: apiIdSchema },
    operations: {
      get: get("Get an API", Api, ALL_ROLES),
      put: put("Create or replace an API", Api, named("ApiPutBody", apiPutBodySchema), PUBLISHER_ROLES, [409]),
      patch: patch("Update an API", Api, named("ApiPatchBody", apiPatchBodySchema), PUBLISHER_ROLES, [409]),
      delete: del("Delete an API", PUBLISHER_ROLES),
    },
  },
  { path: "/apis/{apiId}/operations", params: { apiId: apiIdSchema }, operations: { get: { ...list("List the API's operations (always onHandshake)", Operation, ALL_ROLES), errors: [404] } } },
  { path: "/apis/{apiId}/policies/policy", params: { apiId: apiIdSchema }, operations: policyOperations("API (onHandshake)") },
  { path: "/apis/{apiId}/operations/onHandshake/policies/policy", params: { apiId: apiIdSchema }, operations: policyOperations("onHandshake operation (same document as the API's)") },

  { path: "/policies/policy", operations: policyOperations("global") },

  { path: "/products", operations: { get: list("List products (developers: published ones)", Product, ALL_ROLES) } },
  {
    path: "/products/{productId}",
    params: { productId: productIdSchema },
    operations: {
      get: get("Get a product (developers: published ones)", Product, ALL_ROLES),
      put: put("Create or replace a product", Product, named("ProductPutBody", productPutBodySchema), PUBLISHER_ROLES),
      patch: patch("Update a product", Product, named("ProductPatchBody", productPatchBodySchema), PUBLISHER_ROLES),
      delete: del("Delete a product", PUBLISHER_ROLES, { query: productDeleteQuerySchema, errors: [409] }),
    },
  },
  { path: "/apis/{apiId}/products", params: { apiId: apiIdSchema }, operations: { get: { ...list("List the products the API belongs to (developers: published ones)", Product, ALL_ROLES), errors: [404] } } },
  { path: "/products/{productId}/apis", params: { productId: productIdSchema }, operations: { get: { ...list("List the product's APIs", Api, ALL_ROLES), errors: [404] } } },
  {
    path: "/products/{productId}/apis/{apiId}",
    params: { productId: productIdSchema, apiId: apiIdSchema },
    operations: { put: link("Add an API to the product", Api, PUBLISHER_ROLES), delete: unlink("Remove an API from the product", PUBLISHER_ROLES) },
  },
  { path: "/products/{productId}/policies/policy", params: { productId: productIdSchema }, operations: policyOperations("product") },

  { path: "/subscriptions", operations: { get: list("List subscriptions (developers: their own)", Subscription, ALL_ROLES, subscriptionListQuerySchema) } },
  {
    path: "/subscriptions/{sid}",
    params: { sid: subscriptionIdSchema },
    operations: {
      get: get("Get a subscription (developers: their own); never its keys", Subscription, ALL_ROLES),
      put: put(
        "Create or replace a subscription (developers: create their own, on a published product)",
        Subscription,
        named("SubscriptionPutBody", subscriptionPutBodySchema),
        SUBSCRIBER_ROLES,
        [404, 409, 422],
      ),
      patch: patch(
        "Rename a subscription or change its state (developers: rename or cancel their own)",
        Subscription,
        named("SubscriptionPatchBody", subscriptionPatchBodySchema),
        SUBSCRIBER_ROLES,
        [409, 422],
      ),
      delete: del("Delete a subscription", ADMINISTRATOR_ROLES),
    },
  },
  {
    path: "/subscriptions/{sid}/listSecrets",
    params: { sid: subscriptionIdSchema },
    operations: {
      post: {
        summary: "Get the subscription's keys (developers: their own)",
        roles: SUBSCRIBER_ROLES,
        responses: { 200: { description: "The keys.", schema: named("SubscriptionKeys", subscriptionSecretsSchema) } },
        errors: [404],
      },
    },
  },
  ...(["Primary", "Secondary"] as const).map(
    (which): RouteSpec => ({
      path: `/subscriptions/{sid}/regenerate${which}Key`,
      params: { sid: subscriptionIdSchema },
      operations: {
        post: {
          summary: `Replace the ${which.toLowerCase()} key with a new random one (developers: their own)`,
          roles: SUBSCRIBER_ROLES,
          responses: { 204: { description: "Regenerated." } },
          errors: [404],
        },
      },
    }),
  ),

  { path: "/gateways", operations: { get: list("List gateways", Gateway, PUBLISHER_ROLES) } },
  {
    path: "/gateways/{gatewayId}",
    params: { gatewayId: gatewayIdSchema },
    operations: {
      get: get("Get a gateway", Gateway, PUBLISHER_ROLES),
      put: put("Create or replace a gateway", Gateway, named("GatewayPutBody", gatewayPutBodySchema), ADMINISTRATOR_ROLES),
      patch: patch("Update a gateway", Gateway, named("GatewayPatchBody", gatewayPatchBodySchema), ADMINISTRATOR_ROLES),
      delete: del("Delete a self-hosted gateway (`managed` cannot be deleted: 422)", ADMINISTRATOR_ROLES, { errors: [422] }),
    },
  },
  {
    path: "/gateways/{gatewayId}/listKeys",
    params: { gatewayId: gatewayIdSchema },
    operations: {
      post: {
        summary: "Get the gateway's primary and secondary keys (tokens are signed with them)",
        roles: ADMINISTRATOR_ROLES,
        responses: { 200: { description: "The keys.", schema: named("GatewayKeys", gatewayKeysContractSchema) } },
        errors: [404],
      },
    },
  },
  {
    path: "/gateways/{gatewayId}/regenerateKey",
    params: { gatewayId: gatewayIdSchema },
    operations: {
      post: {
        summary: "Replace the primary or secondary key; tokens made from the old key stop working",
        roles: ADMINISTRATOR_ROLES,
        body: named("GatewayRegenerateKeyBody", gatewayRegenerateKeyBodySchema),
        responses: { 204: { description: "Regenerated." } },
        errors: [404],
      },
    },
  },
  {
    path: "/gateways/{gatewayId}/generateToken",
    params: { gatewayId: gatewayIdSchema },
    operations: {
      post: {
        summary: "Make a token a self-hosted gateway authenticates with (PORTCULLIS_GATEWAY_TOKEN), valid until `expiry` (at most 30 days)",
        roles: ADMINISTRATOR_ROLES,
        body: named("GatewayGenerateTokenBody", gatewayGenerateTokenBodySchema),
        responses: { 200: { description: "The token.", schema: named("GatewayToken", gatewayTokenContractSchema) } },
        errors: [404],
      },
    },
  },
  {
    path: "/gateways/{gatewayId}/instances",
    params: { gatewayId: gatewayIdSchema },
    operations: {
      get: {
        summary: "The gateway's running instances from their heartbeats (stale after 60 s without one)",
        roles: PUBLISHER_ROLES,
        responses: { 200: { description: "Every instance.", schema: named("GatewayInstance", gatewayInstanceContractSchema), collection: true } },
        errors: [404],
      },
    },
  },
  { path: "/gateways/{gatewayId}/apis", params: { gatewayId: gatewayIdSchema }, operations: { get: { ...list("List the APIs the gateway serves", Api, PUBLISHER_ROLES), errors: [404] } } },
  {
    path: "/gateways/{gatewayId}/apis/{apiId}",
    params: { gatewayId: gatewayIdSchema, apiId: apiIdSchema },
    operations: {
      put: link("Assign an API to a self-hosted gateway", Api, PUBLISHER_ROLES, [422]),
      delete: unlink("Unassign an API from a self-hosted gateway", PUBLISHER_ROLES, [422]),
    },
  },

  { path: "/users", operations: { get: list("List users", User, ADMINISTRATOR_ROLES) } },
  {
    path: "/users/{userId}",
    params: { userId: userIdSchema },
    operations: {
      get: get("Get a user", User, ADMINISTRATOR_ROLES),
      put: put("Create or replace a user", User, named("UserPutBody", userPutBodySchema), ADMINISTRATOR_ROLES, [409, 422]),
      patch: patch("Update a user", User, named("UserPatchBody", userPatchBodySchema), ADMINISTRATOR_ROLES, [409, 422]),
      delete: del("Delete a user", ADMINISTRATOR_ROLES, { query: userDeleteQuerySchema, errors: [409, 422] }),
    },
  },
  {
    path: "/users/{userId}/createPasswordResetLink",
    params: { userId: userIdSchema },
    operations: {
      post: {
        summary: "Create a one-time link for the user to choose a password (valid 24 hours, shown once; replaces the user's earlier unused link)",
        roles: ADMINISTRATOR_ROLES,
        responses: { 200: { description: "The link.", schema: named("PasswordResetLink", passwordResetLinkContractSchema) } },
        errors: [404],
      },
    },
  },
  { path: "/groups", operations: { get: list("List groups", Group, ADMINISTRATOR_ROLES) } },
  {
    path: "/groups/{groupId}",
    params: { groupId: groupIdSchema },
    operations: {
      get: get("Get a group", Group, ADMINISTRATOR_ROLES),
      put: put("Create or replace a group", Group, named("GroupPutBody", groupPutBodySchema), ADMINISTRATOR_ROLES),
      patch: patch("Update a group", Group, named("GroupPatchBody", groupPatchBodySchema), ADMINISTRATOR_ROLES),
      delete: del("Delete a group (its users stay)", ADMINISTRATOR_ROLES),
    },
  },
  { path: "/groups/{groupId}/users", params: { groupId: groupIdSchema }, operations: { get: { ...list("List the group's members", User, ADMINISTRATOR_ROLES), errors: [404] } } },
  {
    path: "/groups/{groupId}/users/{userId}",
    params: { groupId: groupIdSchema, userId: userIdSchema },
    operations: { put: link("Add a user to the group", User, ADMINISTRATOR_ROLES), delete: unlink("Remove a user from the group", ADMINISTRATOR_ROLES) },
  },

  {
    path: "/apiTokens",
    operations: {
      get: list("List API tokens (never their secrets)", ApiToken, ADMINISTRATOR_ROLES),
      post: {
        summary: "Create an API token; the answer holds the token, shown only this once",
        roles: ADMINISTRATOR_ROLES,
        body: named("ApiTokenCreateBody", apiTokenCreateBodySchema),
        responses: { 201: { description: "Created.", schema: named("CreatedApiTokenContract", createdApiTokenContractSchema) } },
        errors: [404, 422],
      },
    },
  },
  {
    path: "/apiTokens/{tokenId}",
    params: { tokenId: apiTokenIdSchema },
    operations: {
      get: get("Get an API token (never its secret)", ApiToken, ADMINISTRATOR_ROLES),
      delete: { ...del("Revoke an API token", ADMINISTRATOR_ROLES), responses: { 200: { description: "Revoked." }, 204: { description: "No such token." } } },
    },
  },

  { path: "/auditLogs", operations: { get: list("Audit log, newest first", AuditEntry, ADMINISTRATOR_ROLES, auditLogQuerySchema) } },
  { path: "/logs", operations: { get: list("Gateway logs, newest first", GatewayLog, PUBLISHER_ROLES, logQuerySchema) } },
  {
    path: "/metrics",
    operations: {
      get: {
        summary: "Metrics per minute (or per `interval`), oldest first (default window: the last hour; at most 7 days)",
        roles: PUBLISHER_ROLES,
        query: metricsQuerySchema,
        responses: { 200: { description: "The intervals with traffic.", schema: MetricsMinute, collection: true } },
      },
    },
  },
  { path: "/reports/byApi", operations: { get: list("Traffic per API over a window, most attempts first", ApiReport, PUBLISHER_ROLES, reportQuerySchema) } },
  {
    path: "/reports/byFailureReason",
    operations: { get: list("Refused and failed handshakes by reason and status over a window, commonest first", FailureReasonReport, PUBLISHER_ROLES, reportQuerySchema) },
  },
  { path: "/connections", operations: { get: list("Open connections (on gateways with a fresh heartbeat), newest first", Connection, PUBLISHER_ROLES, connectionQuerySchema) } },
  {
    path: "/connections/{connectionId}/close",
    params: { connectionId: connectionIdSchema },
    operations: {
      post: {
        summary: "Close an open connection with 1008 and a reason (its gateway does it within its poll interval)",
        roles: PUBLISHER_ROLES,
        body: named("CloseConnectionBody", closeConnectionBodySchema),
        responses: { 202: { description: "The close request, pending.", schema: CloseRequest } },
        errors: [404, 409],
      },
    },
  },
];
