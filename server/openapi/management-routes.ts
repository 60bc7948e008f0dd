import {
  apiTokenContractSchema,
  apiTokenCreateBodySchema,
  apiTokenIdSchema,
  createdApiTokenContractSchema,
} from "@/server/api-tokens/api-token.schemas";
import { apiContractSchema, apiDeleteQuerySchema, apiIdSchema, apiPathSchema, apiPatchBodySchema, apiPutBodySchema, operationContractSchema } from "@/server/apis/api.schemas";
import { auditEntryContractSchema, auditLogQuerySchema } from "@/server/audit/audit.schemas";
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
  subscriptionRevokeQuerySchema,
  subscriptionSecretsSchema,
} from "@/server/subscriptions/subscription.schemas";
import { passwordResetLinkContractSchema } from "@/server/passwords/password.schemas";
import { userContractSchema, userDeleteQuerySchema, userIdSchema, userPatchBodySchema, userPutBodySchema } from "@/server/users/user.schemas";
import { del, get, link, list, named, patch, put, unlink, type RouteSpec } from "./operation-specs";

/**
 * The management API's paths for the OpenAPI document: every method's summary, body, query and
 * answers, written once from the same zod schemas the handlers parse with. Who may call each
 * operation is the route table's (server/http/management-route-roles.ts); tests check both
 * against the route files (every route file is here; each operation answers 403 to exactly
 * the roles it does not list).
 */

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

const policyOperations = (where: string): RouteSpec["operations"] => ({
  get: get(`Get the ${where} policy`, Policy),
  put: put(`Set the ${where} policy`, Policy, named("PolicyPutBody", policyPutBodySchema), [404]),
  delete: del(`Delete the ${where} policy`, { errors: [404] }),
});

export const MANAGEMENT_ROUTES: readonly RouteSpec[] = [
  { path: "/openapi.json", operations: { get: { summary: "This OpenAPI 3.1 document", responses: { 200: { description: "The document." } } } } },

  {
    path: "/apis",
    // The same query app/api/management/apis/route.ts parses (route files export handlers only).
    operations: { get: list("List APIs (`path` finds the API using a URL suffix)", Api, pageQuerySchema.extend({ path: apiPathSchema.optional() })) },
  },
  {
    path: "/apis/{apiId}",
    params: { apiId: apiIdSchema },
    operations: {
      get: get("Get an API", Api),
      put: put("Create or replace an API", Api, named("ApiPutBody", apiPutBodySchema), [409]),
      patch: patch("Update an API", Api, named("ApiPatchBody", apiPatchBodySchema), [409]),
      delete: del("Delete an API (`closeConnections=true`: its open connections are closed with 1008)", { query: apiDeleteQuerySchema }),
    },
  },
  { path: "/apis/{apiId}/operations", params: { apiId: apiIdSchema }, operations: { get: { ...list("List the API's operations (always onHandshake)", Operation), errors: [404] } } },
  { path: "/apis/{apiId}/policies/policy", params: { apiId: apiIdSchema }, operations: policyOperations("API (onHandshake)") },
  { path: "/apis/{apiId}/operations/onHandshake/policies/policy", params: { apiId: apiIdSchema }, operations: policyOperations("onHandshake operation (same document as the API's)") },

  { path: "/policies/policy", operations: policyOperations("global") },

  { path: "/products", operations: { get: list("List products (developers: published ones)", Product) } },
  {
    path: "/products/{productId}",
    params: { productId: productIdSchema },
    operations: {
      get: get("Get a product (developers: published ones)", Product),
      put: put("Create or replace a product", Product, named("ProductPutBody", productPutBodySchema)),
      patch: patch("Update a product", Product, named("ProductPatchBody", productPatchBodySchema)),
      delete: del("Delete a product", { query: productDeleteQuerySchema, errors: [409] }),
    },
  },
  { path: "/apis/{apiId}/products", params: { apiId: apiIdSchema }, operations: { get: { ...list("List the products the API belongs to (developers: published ones)", Product), errors: [404] } } },
  { path: "/products/{productId}/apis", params: { productId: productIdSchema }, operations: { get: { ...list("List the product's APIs", Api), errors: [404] } } },
  {
    path: "/products/{productId}/apis/{apiId}",
    params: { productId: productIdSchema, apiId: apiIdSchema },
    operations: { put: link("Add an API to the product", Api), delete: unlink("Remove an API from the product") },
  },
  { path: "/products/{productId}/policies/policy", params: { productId: productIdSchema }, operations: policyOperations("product") },

  { path: "/subscriptions", operations: { get: list("List subscriptions (developers: their own)", Subscription, subscriptionListQuerySchema) } },
  {
    path: "/subscriptions/{sid}",
    params: { sid: subscriptionIdSchema },
    operations: {
      get: get("Get a subscription (developers: their own); never its keys", Subscription),
      put: put(
        "Create or replace a subscription (developers: create their own, on a published product)",
        Subscription,
        named("SubscriptionPutBody", subscriptionPutBodySchema),
        [404, 409, 422],
      ),
      patch: patch(
        "Rename a subscription or change its state (developers: rename or cancel their own)",
        Subscription,
        named("SubscriptionPatchBody", subscriptionPatchBodySchema),
        [409, 422],
        subscriptionRevokeQuerySchema,
      ),
      delete: del("Delete a subscription (`closeConnections=true`: its open connections are closed with 1008)", { query: subscriptionRevokeQuerySchema }),
    },
  },
  {
    path: "/subscriptions/{sid}/listSecrets",
    params: { sid: subscriptionIdSchema },
    operations: {
      post: {
        summary: "Get the subscription's keys (developers: their own)",
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
          responses: { 204: { description: "Regenerated." } },
          errors: [404],
        },
      },
    }),
  ),

  { path: "/gateways", operations: { get: list("List gateways", Gateway) } },
  {
    path: "/gateways/{gatewayId}",
    params: { gatewayId: gatewayIdSchema },
    operations: {
      get: get("Get a gateway", Gateway),
      put: put("Create or replace a gateway", Gateway, named("GatewayPutBody", gatewayPutBodySchema)),
      patch: patch("Update a gateway", Gateway, named("GatewayPatchBody", gatewayPatchBodySchema)),
      delete: del("Delete a self-hosted gateway (`managed` cannot be deleted: 422)", { errors: [422] }),
    },
  },
  {
    path: "/gateways/{gatewayId}/listKeys",
    params: { gatewayId: gatewayIdSchema },
    operations: {
      post: {
        summary: "Get the gateway's primary and secondary keys (tokens are signed with them)",
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
        responses: { 200: { description: "Every instance.", schema: named("GatewayInstance", gatewayInstanceContractSchema), collection: true } },
        errors: [404],
      },
    },
  },
  { path: "/gateways/{gatewayId}/apis", params: { gatewayId: gatewayIdSchema }, operations: { get: { ...list("List the APIs the gateway serves", Api), errors: [404] } } },
  {
    path: "/gateways/{gatewayId}/apis/{apiId}",
    params: { gatewayId: gatewayIdSchema, apiId: apiIdSchema },
    operations: {
      put: link("Assign an API to a self-hosted gateway", Api, [422]),
      delete: unlink("Unassign an API from a self-hosted gateway", [422]),
    },
  },

  { path: "/users", operations: { get: list("List users", User) } },
  {
    path: "/users/{userId}",
    params: { userId: userIdSchema },
    operations: {
      get: get("Get a user", User),
      put: put("Create or replace a user", User, named("UserPutBody", userPutBodySchema), [409, 422]),
      patch: patch("Update a user", User, named("UserPatchBody", userPatchBodySchema), [409, 422]),
      delete: del("Delete a user", { query: userDeleteQuerySchema, errors: [409, 422] }),
    },
  },
  {
    path: "/users/{userId}/createPasswordResetLink",
    params: { userId: userIdSchema },
    operations: {
      post: {
        summary: "Create a one-time link for the user to choose a password (valid 24 hours, shown once; replaces the user's earlier unused link)",
        responses: { 200: { description: "The link.", schema: named("PasswordResetLink", passwordResetLinkContractSchema) } },
        errors: [404],
      },
    },
  },
  { path: "/groups", operations: { get: list("List groups", Group) } },
  {
    path: "/groups/{groupId}",
    params: { groupId: groupIdSchema },
    operations: {
      get: get("Get a group", Group),
      put: put("Create or replace a group", Group, named("GroupPutBody", groupPutBodySchema)),
      patch: patch("Update a group", Group, named("GroupPatchBody", groupPatchBodySchema)),
      delete: del("Delete a group (its users stay)"),
    },
  },
  { path: "/groups/{groupId}/users", params: { groupId: groupIdSchema }, operations: { get: { ...list("List the group's members", User), errors: [404] } } },
  {
    path: "/groups/{groupId}/users/{userId}",
    params: { groupId: groupIdSchema, userId: userIdSchema },
    operations: { put: link("Add a user to the group", User), delete: unlink("Remove a user from the group") },
  },

  {
    path: "/apiTokens",
    operations: {
      get: list("List API tokens (never their secrets)", ApiToken),
      post: {
        summary: "Create an API token; the answer holds the token, shown only this once",
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
      get: get("Get an API token (never its secret)", ApiToken),
      delete: { ...del("Revoke an API token"), responses: { 200: { description: "Revoked." }, 204: { description: "No such token." } } },
    },
  },

  { path: "/auditLogs", operations: { get: list("Audit log, newest first", AuditEntry, auditLogQuerySchema) } },
  { path: "/logs", operations: { get: list("Gateway logs, newest first", GatewayLog, logQuerySchema) } },
  {
    path: "/metrics",
    operations: {
      get: {
        summary: "Metrics per minute (or per `interval`), oldest first (default window: the last hour; at most 7 days)",
        query: metricsQuerySchema,
        responses: { 200: { description: "The intervals with traffic.", schema: MetricsMinute, collection: true } },
      },
    },
  },
  { path: "/reports/byApi", operations: { get: list("Traffic per API over a window, most attempts first", ApiReport, reportQuerySchema) } },
  {
    path: "/reports/byFailureReason",
    operations: { get: list("Refused and failed handshakes by reason and status over a window, commonest first", FailureReasonReport, reportQuerySchema) },
  },
  { path: "/connections", operations: { get: list("Open connections (on gateways with a fresh heartbeat), newest first", Connection, connectionQuerySchema) } },
  {
    path: "/connections/{connectionId}/close",
    params: { connectionId: connectionIdSchema },
    operations: {
      post: {
        summary: "Close an open connection with 1008 and a reason (its gateway does it within its poll interval)",
        body: named("CloseConnectionBody", closeConnectionBodySchema),
        responses: { 202: { description: "The close request, pending.", schema: CloseRequest } },
        errors: [404, 409],
      },
    },
  },
];
