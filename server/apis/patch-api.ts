import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import type { ApiPatchProperties } from "./api.schemas";
import { assertPathAvailable } from "./assert-path-available";
import { getApiOrThrow } from "./get-api-or-throw";
import { toApiContract, type ApiRow } from "./to-api-contract";

/** Merges the given properties into an existing API; throws NotFoundError or ConflictError. */
export function patchApi(db: Db, apiId: string, patch: ApiPatchProperties): ApiRow {
  return db.transaction(
    (tx) => {
      const current = getApiOrThrow(tx, apiId);
      if (patch.path !== undefined) assertPathAvailable(tx, patch.path, apiId);
      const keyNames = patch.subscriptionKeyParameterNames;
      const api = tx
        .update(apis)
        .set({
          displayName: patch.displayName ?? current.displayName,
          description: patch.description ?? current.description,
          type: patch.type ?? current.type,
          serviceUrl: patch.serviceUrl ?? current.serviceUrl,
          path: patch.path ?? current.path,
          protocols: patch.protocols ?? current.protocols,
          subscriptionRequired: patch.subscriptionRequired ?? current.subscriptionRequired,
          subscriptionKeyHeaderName: keyNames?.header ?? current.subscriptionKeyHeaderName,
          subscriptionKeyQueryName: keyNames?.query ?? current.subscriptionKeyQueryName,
        })
        .where(eq(apis.id, apiId))
        .returning()
        .get();
      recordAudit(tx, { action: "update", resource: `/apis/${apiId}`, before: toApiContract(current), after: toApiContract(api) });
      return api;
    },
    { behavior: "immediate" },
  );
}
