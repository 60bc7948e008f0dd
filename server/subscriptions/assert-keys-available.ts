import "server-only";
import { and, inArray, ne, or } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import { ValidationError } from "@/server/http/errors";

/** What a caller hears when a chosen key is taken: nothing about who holds it, or that anyone does. */
export const KEY_UNUSABLE_MESSAGE = "This key cannot be used; choose another.";

/**
 * Throws ValidationError when another subscription uses one of these key hashes as its primary
 * or secondary key: the gateway finds a subscription by either key, so each must be unique
 * across both columns (the unique indexes only cover one column each). The answer does not say
 * that another subscription holds the key, so it cannot be used to test guesses.
 */
export function assertKeysAvailable(db: DbExecutor, subscriptionId: string, hashes: Record<"primaryKey" | "secondaryKey", string | null>): void {
  const wanted = Object.values(hashes).filter((h): h is string => h !== null);
  if (wanted.length === 0) return;
  const clash = db
    .select({ primary: subscriptions.primaryKeyHash, secondary: subscriptions.secondaryKeyHash })
    .from(subscriptions)
    .where(
      and(
        ne(subscriptions.id, subscriptionId),
        or(inArray(subscriptions.primaryKeyHash, wanted), inArray(subscriptions.secondaryKeyHash, wanted)),
      ),
    )
    .get();
  if (!clash) return;
  const field = hashes.primaryKey !== null && [clash.primary, clash.secondary].includes(hashes.primaryKey) ? "primaryKey" : "secondaryKey";
  throw new ValidationError(KEY_UNUSABLE_MESSAGE, { details: [{ target: `properties.${field}`, message: KEY_UNUSABLE_MESSAGE }] });
}
