import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apis } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import type { ApiRow } from "./to-api-contract";

/** The API with this id; throws NotFoundError when there is none. */
export function getApiOrThrow(db: DbExecutor, apiId: string): ApiRow {
  const row = db.select().from(apis).where(eq(apis.id, apiId)).get();
  if (!row) throw new NotFoundError(`API '${apiId}' not found.`);
  return row;
}
