import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apis, products, subscriptions } from "@/db/schema/index";
import type { SubscriptionContract } from "@/server/subscriptions/subscription.schemas";
import { toSubscriptionContract } from "@/server/subscriptions/to-subscription-contract";

/** A subscription on the developer's profile: the contract and what its scope is called. */
export interface OwnSubscription {
  subscription: SubscriptionContract;
  scope: { kind: "all" | "api" | "product"; label: string; /** The portal page of the API, or the products page. */ href: string | null };
}

/** The user's own subscriptions, newest first, with their scopes' display names (an administrator's too: only their own). */
export function listOwnSubscriptions(db: DbExecutor, userId: string): OwnSubscription[] {
  const rows = db.select().from(subscriptions).where(eq(subscriptions.ownerId, userId)).orderBy(desc(subscriptions.createdAt), asc(subscriptions.id)).all();
  const apiNames = new Map(db.select({ id: apis.id, name: apis.displayName }).from(apis).all().map((a) => [a.id, a.name]));
  const productNames = new Map(db.select({ id: products.id, name: products.displayName }).from(products).all().map((p) => [p.id, p.name]));
  return rows.map((row) => {
    const [, kind, id = ""] = row.scope.split("/");
    const scope: OwnSubscription["scope"] =
      kind === "products"
        ? { kind: "product", label: productNames.get(id) ?? id, href: `/products#product-${id}` }
        : id
          ? { kind: "api", label: apiNames.get(id) ?? id, href: `/apis/${id}` }
          : { kind: "all", label: "All APIs", href: "/apis" };
    return { subscription: toSubscriptionContract(row), scope };
  });
}
