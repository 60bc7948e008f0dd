"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { catalogItemHref, type Catalog } from "@/components/admin/catalog";
import { CatalogAddLink } from "@/components/admin/catalog-add-link";
import { ResourceTable, RowTitle, type Column, type ListSearch } from "@/components/resources/resource-table";

/**
 * A catalog's list: a Name column (display name over the id) then `columns`, rows opening their
 * page, a search box ("Search APIs" unless `placeholder` says more), and when the catalog is
 * empty, what it is for with its Add button.
 */
export function CatalogTable<T extends { name: string; properties: { displayName: string } }>({
  catalog,
  query,
  icon,
  search,
  columns,
}: {
  catalog: Catalog;
  query: UseQueryResult<T[]>;
  /** The empty list's icon. */
  icon: ReactNode;
  search: Omit<ListSearch<T>, "label" | "placeholder"> & { placeholder?: string };
  columns: Column<T>[];
}) {
  const href = (item: T) => catalogItemHref(catalog, item.name);
  const searchLabel = `Search ${catalog.noun.many}`;
  return (
    <ResourceTable
      query={query}
      noun={catalog.noun}
      label={catalog.title}
      empty={{ icon, title: `No ${catalog.noun.many} yet`, description: catalog.emptyDescription, action: <CatalogAddLink catalog={catalog} /> }}
      search={{ label: searchLabel, placeholder: searchLabel, ...search }}
      rowHref={href}
      columns={[
        {
          header: "Name",
          cell: (item) => (
            <RowTitle href={href(item)} title={item.properties.displayName}>
              <p className="font-mono text-xs text-slate-500">{item.name}</p>
            </RowTitle>
          ),
        },
        ...columns,
      ]}
    />
  );
}
