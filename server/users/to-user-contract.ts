import type { users } from "@/db/schema/index";
import { isoDate, toResourceContract } from "@/server/http/resource.schemas";
import type { UserContract } from "./user.schemas";

export type UserRow = typeof users.$inferSelect;

/** The management API's view of a stored user: never the password hash. */
export function toUserContract(row: UserRow): UserContract {
  return toResourceContract("users", row.id, {
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    state: row.state,
    registrationDate: row.createdAt.toISOString(),
    lastLoginAt: isoDate(row.lastLoginAt),
  });
}
