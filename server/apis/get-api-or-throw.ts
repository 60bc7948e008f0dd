import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apis } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import { isPublishedApi } from "./published-api";
import type { ApiRow } from "./to-api-contract";

/**
 * The API with this id; throws NotFoundError when there is none, or when `publishedOnly` (a
 * developer's view) and it is in no published product: developers cannot tell the two apart.
 */
export function getApiOrThrow(db: DbExecutor, apiId: string, options: { publishedOnly?: boolean } = {}): ApiRow {
  const row = db
    .select()
    .from(apis)
    .where(and(eq(apis.id, apiId), options.publishedOnly ? isPublishedApi(db) : undefined))
    .get();
  if (!row) throw new NotFoundError(`API '${apiId}' not found.`);
  return row;
}
