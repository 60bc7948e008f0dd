import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groups } from "@/db/schema/index";
import { putAudited } from "@/server/audit/record-audit";
import type { GroupProperties } from "./group.schemas";
import { toGroupContract, type GroupRow } from "./to-group-contract";

/** Creates a group or replaces its properties. */
export function putGroup(db: Db, groupId: string, properties: GroupProperties): { group: GroupRow; created: boolean } {
  const { row: group, created } = putAudited(db, {
    resource: `/groups/${groupId}`,
    find: (tx) => tx.select().from(groups).where(eq(groups.id, groupId)).get(),
    update: (tx) => tx.update(groups).set(properties).where(eq(groups.id, groupId)).returning().get(),
    insert: (tx) => tx.insert(groups).values({ id: groupId, ...properties }).returning().get(),
    toContract: toGroupContract,
  });
  return { group, created };
}
