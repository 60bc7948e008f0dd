import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { SubscriptionsList } from "@/components/subscriptions/subscriptions-list";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Subscriptions" };

export default async function SubscriptionsPage() {
  const { user } = await requirePortalRole(PUBLISHER_ROLES);
  const canManage = user.role === "administrator";
  return (
    <>
      <PageHeader
        title="Subscriptions"
        description={
          canManage
            ? "Keys that open APIs: approve requests, suspend or cancel access, and hand out or rotate keys."
            : "Keys that open APIs. Administrators approve, suspend and cancel them."
        }
      />
      <SubscriptionsList canManage={canManage} />
    </>
  );
}
