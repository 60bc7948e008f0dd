import type { apiTokens } from "@/db/schema/index";
import { isoDate } from "@/server/http/resource.schemas";
import type { ApiTokenContract } from "./api-token.schemas";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** The management API's view of a stored token: never the token or its hash. */
export function toApiTokenContract(row: ApiTokenRow, now = new Date()): ApiTokenContract {
  const state = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
  return {
    id: `/apiTokens/${row.id}`,
    name: row.id,
    properties: {
      displayName: row.name,
      prefix: row.prefix,
      role: row.role,
      userId: row.userId === null ? null : `/users/${row.userId}`,
      gatewayId: row.gatewayId === null ? null : `/gateways/${row.gatewayId}`,
      state,
      createdDate: row.createdAt.toISOString(),
      lastUsedDate: isoDate(row.lastUsedAt),
      expirationDate: isoDate(row.expiresAt),
      revokedDate: isoDate(row.revokedAt),
    },
  };
}
