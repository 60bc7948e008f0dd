import "server-only";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apiTokens } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import type { ApiTokenRow } from "./to-api-token-contract";

/** The token with this id; throws NotFoundError when there is none. */
export function getApiTokenOrThrow(db: DbExecutor, tokenId: string): ApiTokenRow {
  const row = db.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get();
  if (!row) throw new NotFoundError(`API token '${tokenId}' not found.`);
  return row;
}
