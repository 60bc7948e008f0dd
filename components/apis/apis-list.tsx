"use client";

import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { ApisIcon, PlusIcon } from "@/components/ui/icons";
import { ResourceTable, RowTitle } from "@/components/resources/resource-table";
import type { ApiContract } from "@/server/apis/api.schemas";
import { useApis } from "./api-queries";
import { SchemeBadges } from "./scheme-badges";

const href = (api: ApiContract) => `/admin/apis/${encodeURIComponent(api.name)}`;

/** The APIs, searchable as you type (press "/" to search). */
export function ApisList() {
  return (
    <ResourceTable
      query={useApis()}
      noun={{ one: "API", many: "APIs" }}
      label="APIs"
      empty={{
        icon: <ApisIcon className="h-6 w-6" />,
        title: "No APIs yet",
        description: "Add a WebSocket API to put a backend behind the gateway, secure its handshake with policies and publish it to developers.",
        action: (
          <ButtonLink href="/admin/apis/new" icon={<PlusIcon className="h-4 w-4" />}>
            Add API
          </ButtonLink>
        ),
      }}
      search={{
        id: "api-search",
        label: "Search APIs",
        placeholder: "Search by name, suffix or backend",
        text: (api) => [api.name, api.properties.displayName, api.properties.path, api.properties.serviceUrl, api.properties.description].join(" "),
        noMatchHint: "Try another word, or clear the search to see every API.",
        slashShortcut: true,
      }}
      rowHref={href}
      columns={[
        {
          header: "Name",
          cell: (api) => (
            <RowTitle href={href(api)} title={api.properties.displayName}>
              <p className="font-mono text-xs text-slate-500">{api.name}</p>
            </RowTitle>
          ),
        },
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
