import { Badge } from "@/components/ui/badge";
import type { ProductContract } from "@/server/products/product.schemas";

/** Published or draft. */
export function ProductStateBadge({ state }: { state: ProductContract["properties"]["state"] }) {
  return state === "published" ? <Badge tone="green">Published</Badge> : <Badge>Not published</Badge>;
}

/** What subscribing to the product takes. */
export function ProductAccessBadges({ product }: { product: ProductContract }) {
  const p = product.properties;
  return (
    <span className="inline-flex flex-wrap gap-1.5">
      {p.subscriptionRequired ? <Badge tone="indigo">Subscription</Badge> : <Badge tone="amber">Open</Badge>}
      {p.approvalRequired ? <Badge tone="amber">Approval</Badge> : null}
      {p.subscriptionsLimit !== null ? <Badge>Limit {p.subscriptionsLimit}</Badge> : null}
    </span>
  );
}
