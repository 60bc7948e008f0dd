import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { ProductsIcon } from "@/components/ui/icons";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Products" };

export default async function Page() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <ComingSoon
      title="Products"
      description="Bundle APIs that developers subscribe to together, with quotas and approval."
      icon={<ProductsIcon className="h-6 w-6" />}
      api="/api/management/products"
    />
  );
}
