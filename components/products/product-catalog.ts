import type { Catalog } from "@/components/admin/catalog";

/** The products as the admin portal lists them. */
export const PRODUCT_CATALOG: Catalog = {
  path: "/admin/products",
  title: "Products",
  description: "Bundles of APIs that developers subscribe to together, with approval and limits.",
  addLabel: "Add product",
  noun: { one: "product", many: "products" },
  emptyDescription: "A product bundles APIs that developers subscribe to together, with approval and a subscription limit if you want them.",
};
