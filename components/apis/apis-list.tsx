"use client";

import { CatalogTable } from "@/components/admin/catalog-table";
import { Badge } from "@/components/ui/badge";
import { ApisIcon } from "@/components/ui/icons";
import { API_CATALOG } from "./api-catalog";
import { useApis } from "./api-queries";
import { SchemeBadges } from "./scheme-badges";

/** The APIs, searchable as you type (press "/" to search). */
export function ApisList() {
  return (
    <CatalogTable
      catalog={API_CATALOG}
      query={useApis()}
      icon={<ApisIcon className="h-6 w-6" />}
      search={{
        id: "api-search",
        placeholder: "Search by name, suffix or backend",
        text: (api) => [api.name, api.properties.displayName, api.properties.path, api.properties.serviceUrl, api.properties.description].join(" "),
        noMatchHint: "Try another word, or clear the search to see every API.",
        slashShortcut: true,
      }}
      columns={[
        { header: "URL suffix", cellClassName: "font-mono text-[13px]", cell: (api) => `/${api.properties.path}` },
        {
          header: "Backend",
          className: "hidden md:table-cell",
          cellClassName: "hidden max-w-xs truncate font-mono text-[13px] text-slate-500 md:table-cell",
          cell: (api) => <span title={api.properties.serviceUrl}>{api.properties.serviceUrl}</span>,
        },
        { header: "Scheme", cell: (api) => <SchemeBadges protocols={api.properties.protocols} /> },
        { header: "Access", cell: (api) => (api.properties.subscriptionRequired ? <Badge tone="indigo">Subscription</Badge> : <Badge tone="amber">Open</Badge>) },
      ]}
    />
  );
}
