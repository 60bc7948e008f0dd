import type { Metadata } from "next";
import { ListPage } from "@/components/admin/list-page";
import { ProductsList } from "@/components/products/products-list";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <ListPage
      title="Products"
      description="Bundles of APIs that developers subscribe to together, with approval and limits."
      addHref="/admin/products/new"
      addLabel="Add product"
    >
      <ProductsList />
    </ListPage>
  );
}
