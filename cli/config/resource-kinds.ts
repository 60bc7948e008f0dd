import { BUILT_IN_SUBSCRIPTION_ID } from "@/db/built-in-subscription";

/**
 * The kinds of resource `export` writes and `apply` reconciles, in the order apply creates
 * them (a subscription needs its owner and scope, a product its APIs). Each kind names the
 * properties that are configuration: anything else the API returns (dates, counters) stays
 * out of the file, so two exports of the same state are byte-identical.
 */

export type KindKey = "users" | "groups" | "apis" | "products" | "gateways" | "subscriptions";

/** A set of links between a resource and resources of another kind (`/products/{pid}/apis/{apiId}`). */
export interface LinkSpec {
  /** The key in the file (`apis` under a product). */
  key: "apis" | "users";
  /** Singular, for plan lines: `+ product starter: api echo`. */
  label: string;
}

export interface ResourceKind {
  key: KindKey;
  /** Singular, for plan lines and messages. */
  label: string;
  /** Configuration properties, in the order the file lists them. */
  fields: readonly string[];
  /** Properties only `listSecrets` reveals; exported with `--include-secrets` only. */
  secretFields?: readonly string[];
  /**
   * Where the secrets are read when not `POST …/listSecrets` with the fields' own names:
   * gateways answer `POST …/listKeys` with `{"primary", "secondary"}`.
   */
  secretsSource?: { action: string; fields: Readonly<Record<string, string>> };
  links?: LinkSpec;
  /** Whether the resource has its own policy document (`/{key}/{id}/policies/policy`). */
  hasPolicy?: boolean;
  /** Properties PATCH can change; a change to any other is sent as a PUT of the merged properties. Default: all. */
  patchable?: readonly string[];
  /** Resources that always exist and are never pruned. */
  permanent?: readonly string[];
  /** Resources whose links the API derives (the managed gateway serves every API): not exported, not applied. */
  derivedLinks?: readonly string[];
  /** Resources each instance makes for itself (the built-in subscription): not exported, applied or pruned. */
  instanceOwned?: readonly string[];
}

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    key: "users",
    label: "user",
    fields: ["email", "firstName", "lastName", "role", "state"],
  },
  {
    key: "groups",
    label: "group",
    fields: ["displayName", "description"],
    links: { key: "users", label: "user" },
  },
  {
    key: "apis",
    label: "api",
    fields: ["displayName", "description", "serviceUrl", "path", "protocols", "subscriptionRequired", "subscriptionKeyParameterNames"],
    hasPolicy: true,
  },
  {
    key: "products",
    label: "product",
    fields: ["displayName", "description", "subscriptionRequired", "approvalRequired", "subscriptionsLimit", "state"],
    links: { key: "apis", label: "api" },
    hasPolicy: true,
  },
  {
    key: "gateways",
    label: "gateway",
    fields: ["displayName", "description", "locationData"],
    links: { key: "apis", label: "api" },
    // The keys tokens are signed with: restoring them keeps the deployed gateways' tokens valid.
    secretFields: ["primaryKey", "secondaryKey"],
    secretsSource: { action: "listKeys", fields: { primaryKey: "primary", secondaryKey: "secondary" } },
    permanent: ["managed"],
    derivedLinks: ["managed"],
  },
  {
    key: "subscriptions",
    label: "subscription",
    fields: ["displayName", "scope", "ownerId", "state", "stateComment", "allowTracing"],
    secretFields: ["primaryKey", "secondaryKey"],
    // Scope, owner and keys change only by replacing the subscription (keys not given are kept).
    patchable: ["displayName", "state", "stateComment", "allowTracing"],
    instanceOwned: [BUILT_IN_SUBSCRIPTION_ID],
  },
];

/** The management API path of a resource, or of a kind's collection. */
export function resourcePath(kind: KindKey, id?: string): string {
  return id === undefined ? `/${kind}` : `/${kind}/${encodeURIComponent(id)}`;
}

/** The path of a resource's links (`/products/starter/apis`), or of one link. */
export function linkPath(kind: ResourceKind, id: string, linkedId?: string): string {
  const base = `${resourcePath(kind.key, id)}/${kind.links!.key}`;
  return linkedId === undefined ? base : `${base}/${encodeURIComponent(linkedId)}`;
}

/** The policy scopes: the global one, and one per API or product. */
export type PolicyScope = { kind: "global" } | { kind: "apis" | "products"; id: string };

/** The management API path of a scope's policy document. */
export function policyPath(scope: PolicyScope): string {
  return scope.kind === "global" ? "/policies/policy" : `${resourcePath(scope.kind, scope.id)}/policies/policy`;
}

/** How a plan line names a policy scope: `global`, `api echo`, `product starter`. */
export function policyLabel(scope: PolicyScope): string {
  if (scope.kind === "global") return "global";
  return `${scope.kind === "apis" ? "api" : "product"} ${scope.id}`;
}

/** How a message names a scope's policy: `the global policy`, `the policy of API echo`. */
export function describePolicy(scope: PolicyScope): string {
  if (scope.kind === "global") return "the global policy";
  return `the policy of ${scope.kind === "apis" ? "API" : "product"} ${scope.id}`;
}
