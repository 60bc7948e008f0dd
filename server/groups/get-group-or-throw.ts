import "server-only";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { groups } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import type { GroupRow } from "./to-group-contract";

/** The group with this id; throws NotFoundError when there is none. */
export function getGroupOrThrow(db: DbExecutor, groupId: string): GroupRow {
  const row = db.select().from(groups).where(eq(groups.id, groupId)).get();
  if (!row) throw new NotFoundError(`Group '${groupId}' not found.`);
  return row;
}
