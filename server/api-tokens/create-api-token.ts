import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { apiTokens, USER_ROLES } from "@/db/schema/index";
import { apiTokenPrefix, hashApiToken } from "@/server/auth/api-tokens";
import { recordAudit } from "@/server/audit/record-audit";
import { getGatewayOrThrow } from "@/server/gateways/get-gateway-or-throw";
import { UnprocessableEntityError, ValidationError } from "@/server/http/errors";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";
import type { ApiTokenCreateProperties, CreatedApiTokenContract } from "./api-token.schemas";
import { toApiTokenContract } from "./to-api-token-contract";

/** A new bearer token: `pk_` + 32 random bytes, base64url. */
export function generateApiToken(): string {
  return `pk_${randomBytes(32).toString("base64url")}`;
}

/**
 * Creates a token and returns it with its only clear copy. Throws NotFoundError for an
 * unknown user or gateway, ValidationError for a past expiry, and UnprocessableEntityError
 * for a role above its user's.
 */
export function createApiToken(db: Db, properties: ApiTokenCreateProperties, now = new Date()): CreatedApiTokenContract {
  const expiresAt = properties.expirationDate === null ? null : new Date(properties.expirationDate);
  if (expiresAt && expiresAt <= now) {
    throw new ValidationError("properties.expirationDate must be in the future.", {
      details: [{ target: "properties.expirationDate", message: "must be in the future" }],
    });
  }
  const token = generateApiToken();
  return db.transaction(
    (tx) => {
      if (properties.userId !== null) {
        const user = getUserOrThrow(tx, properties.userId);
        // USER_ROLES runs from most to least powerful.
        if (USER_ROLES.indexOf(properties.role) < USER_ROLES.indexOf(user.role)) {
          throw new UnprocessableEntityError(`A token cannot have the role '${properties.role}': its user '${user.id}' is a ${user.role}.`);
        }
      }
      if (properties.gatewayId !== null) getGatewayOrThrow(tx, properties.gatewayId);
      const row = tx
        .insert(apiTokens)
        .values({
          id: randomBytes(8).toString("hex"),
          name: properties.displayName,
          tokenHash: hashApiToken(token),
          prefix: apiTokenPrefix(token),
          role: properties.role,
          userId: properties.userId,
          gatewayId: properties.gatewayId,
          expiresAt,
        })
        .returning()
        .get();
      const contract = toApiTokenContract(row, now);
      recordAudit(tx, { action: "create", resource: contract.id, after: contract });
      return { ...contract, properties: { ...contract.properties, token } };
    },
    { behavior: "immediate" },
  );
}
