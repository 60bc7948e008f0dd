import { Badge } from "@/components/ui/badge";
import { LockIcon } from "@/components/ui/icons";

/** A product's terms as badges: whether a key is needed, approval, the per-developer limit. */
export function ProductTerms({
  product,
}: {
  product: { subscriptionRequired: boolean; approvalRequired: boolean; subscriptionsLimit: number | null };
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {product.subscriptionRequired ? (
        <Badge tone="indigo">
          <LockIcon className="h-3 w-3" />
          Subscription required
        </Badge>
      ) : (
        <Badge tone="green">Open: no key needed</Badge>
      )}
      {product.subscriptionRequired ? (
        product.approvalRequired ? <Badge tone="amber">Approval required</Badge> : <Badge tone="green">Instant access</Badge>
      ) : null}
      {product.subscriptionsLimit !== null ? (
        <Badge>
          Up to {product.subscriptionsLimit} subscription{product.subscriptionsLimit === 1 ? "" : "s"} each
        </Badge>
      ) : null}
    </div>
  );
}
