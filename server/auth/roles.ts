import type { UserRole } from "@/db/schema/index";

/** Roles that may change APIs, products and policies. */
export const PUBLISHER_ROLES: readonly UserRole[] = ["administrator", "publisher"];

/** Every role: read access to the management API. */
export const ALL_ROLES: readonly UserRole[] = ["administrator", "publisher", "developer"];
