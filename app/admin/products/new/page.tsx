import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { ProductForm } from "@/components/products/product-form";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Add product" };

export default async function NewProductPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader
        title="Add product"
        description="Name the product and choose what subscribing takes. Add APIs to it on the next page."
        breadcrumbs={[{ href: "/admin/products", label: "Products" }]}
      />
      <ProductForm />
    </>
  );
}
