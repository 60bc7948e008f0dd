import "server-only";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { users } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import type { UserRow } from "./to-user-contract";

/** The user with this id; throws NotFoundError when there is none. */
export function getUserOrThrow(db: DbExecutor, userId: string): UserRow {
  const row = db.select().from(users).where(eq(users.id, userId)).get();
  if (!row) throw new NotFoundError(`User '${userId}' not found.`);
  return row;
}
