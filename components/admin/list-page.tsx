import type { ReactNode } from "react";
import type { Catalog } from "@/components/admin/catalog";
import { CatalogAddLink } from "@/components/admin/catalog-add-link";
import { PageHeader } from "@/components/admin/page-header";

/** A catalog's admin list page: its header with the Add button, then the list. */
export function ListPage({ catalog, children }: { catalog: Catalog; children: ReactNode }) {
  return (
    <>
      <PageHeader title={catalog.title} description={catalog.description} actions={<CatalogAddLink catalog={catalog} />} />
      {children}
    </>
  );
}
