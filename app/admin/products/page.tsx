import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { ProductsList } from "@/components/products/products-list";
import { ButtonLink } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader
        title="Products"
        description="Bundles of APIs that developers subscribe to together, with approval and limits."
        actions={
          <ButtonLink href="/admin/products/new" icon={<PlusIcon className="h-4 w-4" />}>
            Add product
          </ButtonLink>
        }
      />
      <ProductsList />
    </>
  );
}
