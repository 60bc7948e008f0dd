import type { Metadata } from "next";
import { ListPage } from "@/components/admin/list-page";
import { PRODUCT_CATALOG } from "@/components/products/product-catalog";
import { ProductsList } from "@/components/products/products-list";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: PRODUCT_CATALOG.title };

export default async function ProductsPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <ListPage catalog={PRODUCT_CATALOG}>
      <ProductsList />
    </ListPage>
  );
}
