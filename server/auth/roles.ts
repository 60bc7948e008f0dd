import type { UserRole } from "@/db/schema/index";

/** Roles that may change APIs, products and policies. */
export const PUBLISHER_ROLES: readonly UserRole[] = ["administrator", "publisher"];

/** Every role: read access to the management API. */
export const ALL_ROLES: readonly UserRole[] = ["administrator", "publisher", "developer"];

/**
 * Roles that act on subscriptions: administrators on every one, developers on their own
 * (publishers only read them).
 */
export const SUBSCRIBER_ROLES: readonly UserRole[] = ["administrator", "developer"];

/** Roles that may manage users, groups, gateways, API tokens and read the audit log. */
export const ADMINISTRATOR_ROLES: readonly UserRole[] = ["administrator"];

/**
 * Whether a caller sees only what the developer portal publishes: APIs and products in a
 * `published` product, without backend URLs. Developers do; administrators and publishers
 * see everything.
 */
export function seesPublishedOnly(principal: { role: UserRole }): boolean {
  return principal.role === "developer";
}
