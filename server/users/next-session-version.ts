import type { UserRow } from "./to-user-contract";

/**
 * The user's session version after a change: one more (ending every portal session they have)
 * when the password, the role or the state changes, so a session never outlives the password it
 * was opened with or acts with a role the user no longer has; else the same.
 */
export function nextSessionVersion(
  current: Pick<UserRow, "sessionVersion" | "role" | "state">,
  change: { role?: string; state?: string; passwordChanged: boolean },
): number {
  const ends =
    change.passwordChanged || (change.role !== undefined && change.role !== current.role) || (change.state !== undefined && change.state !== current.state);
  return current.sessionVersion + (ends ? 1 : 0);
}
