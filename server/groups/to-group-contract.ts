import type { groups } from "@/db/schema/index";
import type { GroupContract } from "./group.schemas";

export type GroupRow = typeof groups.$inferSelect;

/** The management API's view of a stored group. */
export function toGroupContract(row: GroupRow): GroupContract {
  return {
    id: `/groups/${row.id}`,
    name: row.id,
    properties: { displayName: row.displayName, description: row.description, builtIn: false, type: "custom" },
  };
}
