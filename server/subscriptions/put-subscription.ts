import "server-only";
import { eq } from "drizzle-orm";
import type { Db, DbExecutor } from "@/db/client";
import { subscriptions, users, type SubscriptionState } from "@/db/schema/index";
import { generateSubscriptionKey } from "@/db/subscription-keys";
import type { Principal } from "@/server/auth/authenticate-api-token";
import { saveAudited } from "@/server/audit/record-audit";
import { ForbiddenError, NotFoundError, ValidationError } from "@/server/http/errors";
import type { ProductRow } from "@/server/products/to-product-contract";
import { assertKeysAvailable } from "./assert-keys-available";
import { assertNotBuiltIn } from "./built-in-subscription";
import { assertWithinSubscriptionsLimit } from "./assert-within-subscriptions-limit";
import type { KeySecrets } from "./instance-secrets";
import { resolveSubscriptionScope } from "./resolve-subscription-scope";
import { sealSubscriptionKey } from "./seal-subscription-key";
import type { SubscriptionProperties } from "./subscription.schemas";
import { LIVE_SUBSCRIPTION_STATES } from "./subscription-lifecycle";
import { assertStateTransition, stateDates } from "./subscription-state-transitions";
import { toSubscriptionContract, type SubscriptionRow } from "./to-subscription-contract";

type Requester = Pick<Principal, "role" | "userId">;

export const DEVELOPER_KEYS_MESSAGE = "Developers cannot choose subscription keys: leave out primaryKey and secondaryKey and the portal generates them.";

/**
 * Creates a subscription or replaces an existing one (administrators). A developer may only
 * create a subscription for themselves to a published product; it starts `submitted` when
 * the product requires approval. Keys not given are generated on create and kept on replace;
 * only administrators may give keys (importing subscriptions). Throws NotFoundError (scope,
 * owner), ConflictError (limit), ValidationError (a developer's or an unusable key),
 * ForbiddenError and UnprocessableEntityError (an impossible state change).
 */
export function putSubscription(
  db: Db,
  secrets: KeySecrets,
  subscriptionId: string,
  properties: SubscriptionProperties,
  requester: Requester,
): { subscription: SubscriptionRow; created: boolean } {
  return db.transaction(
    (tx) => {
      const existing = tx.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).get();
      if (existing) assertNotBuiltIn(subscriptionId, "replace");
      const asDeveloper = requester.role === "developer";
      if (asDeveloper) assertNoChosenKeys(properties);
      const ownerId = asDeveloper ? developerOwner(subscriptionId, properties, requester, existing) : properties.ownerId;
      const product = resolveSubscriptionScope(tx, properties.scope, { publishedOnly: asDeveloper });
      if (ownerId !== null) assertUserExists(tx, ownerId);

      const initialState: SubscriptionState = product?.approvalRequired ? "submitted" : "active";
      if (asDeveloper && properties.state !== undefined && properties.state !== initialState) {
        throw new ForbiddenError(`Only administrators set a subscription's state; this subscription starts '${initialState}'.`);
      }
      const state = properties.state ?? existing?.state ?? initialState;
      if (existing) assertStateTransition(subscriptionId, existing.state, state);
      if (product && ownerId !== null && LIVE_SUBSCRIPTION_STATES.includes(state) && takesNewPlace(existing, product, ownerId)) {
        assertWithinSubscriptionsLimit(tx, product, ownerId, subscriptionId);
      }

      const keys = keyColumns(secrets, properties, existing);
      if (keys.primaryKeyHash === keys.secondaryKeyHash) {
        throw new ValidationError("properties.primaryKey must differ from the secondary key.", {
          details: [{ target: "properties.primaryKey", message: "must differ from the secondary key" }],
        });
      }
      assertKeysAvailable(tx, subscriptionId, {
        primaryKey: properties.primaryKey === undefined && existing ? null : keys.primaryKeyHash,
        secondaryKey: properties.secondaryKey === undefined && existing ? null : keys.secondaryKeyHash,
      });

      const now = new Date();
      const values = {
        scope: properties.scope,
        displayName: properties.displayName,
        ownerId,
        state,
        stateComment: properties.stateComment,
        allowTracing: properties.allowTracing,
        ...keys,
        ...stateDates(existing ?? { startDate: null, endDate: null }, state, now),
      };
      const subscription = saveAudited(tx, {
        resource: `/subscriptions/${subscriptionId}`,
        existing,
        update: () => tx.update(subscriptions).set(values).where(eq(subscriptions.id, subscriptionId)).returning().get(),
        insert: () => tx.insert(subscriptions).values({ id: subscriptionId, ...values }).returning().get(),
        toContract: toSubscriptionContract,
      });
      return { subscription, created: !existing };
    },
    { behavior: "immediate" },
  );
}

/** The owner of a developer's new subscription: always the developer; anything else is refused. */
function developerOwner(subscriptionId: string, properties: SubscriptionProperties, requester: Requester, existing: SubscriptionRow | undefined): string {
  if (requester.userId === null) throw new ForbiddenError("This developer token belongs to no user, so it cannot own subscriptions.");
  if (existing) {
    throw new ForbiddenError(`Subscription '${subscriptionId}' already exists; a developer can only rename or cancel a subscription (PATCH).`);
  }
  if (properties.ownerId !== null && properties.ownerId !== requester.userId) {
    throw new ForbiddenError("A developer can only subscribe for themselves.");
  }
  if (!properties.scope.startsWith("/products/")) throw new ForbiddenError("Developers subscribe to products: the scope must be /products/{productId}.");
  return requester.userId;
}

/** Developers get keys from the server: a chosen key could be guessable, or probe for others' keys. */
function assertNoChosenKeys(properties: SubscriptionProperties): void {
  const chosen = (["primaryKey", "secondaryKey"] as const).filter((field) => properties[field] !== undefined);
  if (chosen.length === 0) return;
  throw new ValidationError(DEVELOPER_KEYS_MESSAGE, {
    details: chosen.map((field) => ({ target: `properties.${field}`, message: DEVELOPER_KEYS_MESSAGE })),
  });
}

function assertUserExists(db: DbExecutor, userId: string): void {
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw new NotFoundError(`User '${userId}' not found.`);
}

/** Whether the write makes the subscription count towards (owner, product) where it did not before. */
function takesNewPlace(existing: SubscriptionRow | undefined, product: ProductRow, ownerId: string): boolean {
  if (!existing) return true;
  return existing.scope !== `/products/${product.id}` || existing.ownerId !== ownerId || !LIVE_SUBSCRIPTION_STATES.includes(existing.state);
}

/** The stored key columns: given keys, else the existing ones, else new ones. */
function keyColumns(secrets: KeySecrets, properties: SubscriptionProperties, existing: SubscriptionRow | undefined) {
  const column = (given: string | undefined, encrypted: string | undefined, hash: string | undefined) => {
    if (given === undefined && encrypted !== undefined && hash !== undefined) return { encrypted, hash };
    return sealSubscriptionKey(given ?? generateSubscriptionKey(), secrets);
  };
  const primary = column(properties.primaryKey, existing?.primaryKeyEncrypted, existing?.primaryKeyHash);
  const secondary = column(properties.secondaryKey, existing?.secondaryKeyEncrypted, existing?.secondaryKeyHash);
  return {
    primaryKeyEncrypted: primary.encrypted,
    primaryKeyHash: primary.hash,
    secondaryKeyEncrypted: secondary.encrypted,
    secondaryKeyHash: secondary.hash,
  };
}
