import "server-only";
import { and, ne, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { users } from "@/db/schema/index";
import { ConflictError } from "@/server/http/errors";

/**
 * Throws ConflictError when another user has this email, ignoring case (the unique index
 * alone is case-sensitive). Call it inside the write's transaction.
 */
export function assertEmailAvailable(db: DbExecutor, email: string, userId: string): void {
  const other = db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, ne(users.id, userId)))
    .get();
  if (other) throw new ConflictError(`A user with email '${other.email}' already exists: '${other.id}'.`);
}
