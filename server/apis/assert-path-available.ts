import "server-only";
import { and, ne, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apis } from "@/db/schema/index";
import { ConflictError } from "@/server/http/errors";

/**
 * Throws ConflictError when another API already uses `path`. Paths are compared
 * case-insensitively, so `Chat` and `chat` cannot both exist. Call it inside the write's
 * transaction.
 */
export function assertPathAvailable(db: DbExecutor, path: string, apiId: string): void {
  const other = db
    .select({ id: apis.id, path: apis.path, displayName: apis.displayName })
    .from(apis)
    .where(and(sql`lower(${apis.path}) = lower(${path})`, ne(apis.id, apiId)))
    .get();
  if (other) {
    throw new ConflictError(`An API with path '${other.path}' already exists: '${other.id}'.`, {
      details: [{ target: "properties.path", message: `is already used by the API '${other.displayName}' (${other.id})` }],
    });
  }
}
