import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { ConflictError } from "@/server/http/errors";
import type { ApiProperties } from "./api.schemas";
import { assertPathAvailable } from "./assert-path-available";
import { toApiContract, type ApiRow } from "./to-api-contract";

/**
 * Creates the API or replaces all of its properties. No gateway assignment is made: the
 * managed gateway serves every API. Triggers bump `config_revision` so gateways reload.
 * With `createOnly` (HTTP `If-None-Match: *`), an existing API is a ConflictError instead of
 * being replaced: the portal's "Create" must never overwrite an API that has the same name.
 */
export function putApi(
  db: Db,
  apiId: string,
  properties: ApiProperties,
  options: { createOnly?: boolean } = {},
): { api: ApiRow; created: boolean } {
  const values = {
    displayName: properties.displayName,
    description: properties.description,
    type: properties.type,
    serviceUrl: properties.serviceUrl,
    path: properties.path,
    protocols: properties.protocols,
    subscriptionRequired: properties.subscriptionRequired,
    subscriptionKeyHeaderName: properties.subscriptionKeyParameterNames.header,
    subscriptionKeyQueryName: properties.subscriptionKeyParameterNames.query,
  };
  return db.transaction(
    (tx) => {
      assertPathAvailable(tx, values.path, apiId);
      const existing = tx.select().from(apis).where(eq(apis.id, apiId)).get();
      if (existing && options.createOnly) {
        throw new ConflictError(`An API named '${apiId}' already exists.`, {
          details: [{ target: "name", message: `is already used by the API '${existing.displayName}'` }],
        });
      }
      if (existing) {
        const api = tx.update(apis).set(values).where(eq(apis.id, apiId)).returning().get();
        recordAudit(tx, { action: "update", resource: `/apis/${apiId}`, before: toApiContract(existing), after: toApiContract(api) });
        return { api, created: false };
      }
      const api = tx.insert(apis).values({ id: apiId, ...values }).returning().get();
      recordAudit(tx, { action: "create", resource: `/apis/${apiId}`, after: toApiContract(api) });
      return { api, created: true };
    },
    { behavior: "immediate" },
  );
}
