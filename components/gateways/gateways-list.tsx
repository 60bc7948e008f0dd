"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { ResourceTable, RowTitle } from "@/components/resources/resource-table";
import type { GatewayContract } from "@/server/gateways/gateway.schemas";
import { GatewayFormDialog } from "./gateway-form-dialog";
import { useGatewayApiCount, useGatewayList } from "./gateway-queries";
import { Heartbeat } from "./heartbeat";
import { locationText } from "./location-text";

const href = (gateway: GatewayContract) => `/admin/gateways/${encodeURIComponent(gateway.name)}`;

/** The managed gateway first, then self-hosted ones by name. */
const managedFirst = (a: GatewayContract, b: GatewayContract) =>
  Number(b.properties.managed) - Number(a.properties.managed) || a.properties.displayName.localeCompare(b.properties.displayName);

function ApiCount({ gateway }: { gateway: GatewayContract }) {
  const count = useGatewayApiCount(gateway.name);
  if (gateway.properties.managed) return <span className="text-slate-500">Every API</span>;
  if (count.isPending) return <span className="inline-block h-4 w-6 animate-pulse rounded bg-slate-100" aria-label="Loading" />;
  return <span className="tabular-nums">{count.data ?? "—"}</span>;
}

/** The gateways: the managed one first, then self-hosted ones; register another. */
export function GatewaysList({ canManage }: { canManage: boolean }) {
  const gateways = useGatewayList();
  const [registering, setRegistering] = useState(false);
  return (
    <div className="space-y-4">
      {canManage && gateways.isSuccess ? (
        <div className="flex justify-end">
          <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setRegistering(true)}>
            Register gateway
          </Button>
        </div>
      ) : null}
      <ResourceTable
        query={gateways}
        noun={{ one: "gateway", many: "gateways" }}
        label="Gateways"
        // The managed gateway always exists: the list is never empty.
        empty={null}
        sort={managedFirst}
        rowHref={href}
        columns={[
          {
            header: "Gateway",
            cell: (gateway) => (
              <RowTitle href={href(gateway)} title={gateway.properties.displayName}>
                <p className="max-w-md truncate text-xs text-slate-500">
                  <span className="font-mono">{gateway.name}</span>
                  {gateway.properties.locationData ? ` · ${locationText(gateway.properties.locationData)}` : ""}
                  {gateway.properties.description ? ` · ${gateway.properties.description}` : ""}
                </p>
              </RowTitle>
            ),
          },
          { header: "Kind", cell: (gateway) => (gateway.properties.managed ? <Badge tone="indigo">Managed</Badge> : <Badge>Self-hosted</Badge>) },
          { header: "Last heartbeat", cell: (gateway) => <Heartbeat iso={gateway.properties.lastHeartbeatAt} /> },
          { header: "APIs", className: "text-right", cell: (gateway) => <ApiCount gateway={gateway} /> },
        ]}
      />
      {gateways.data?.length === 1 ? (
        <p className="text-sm text-slate-500">Only the managed gateway so far. Register a self-hosted gateway to serve chosen APIs from your own network.</p>
      ) : null}
      <GatewayFormDialog open={registering} onClose={() => setRegistering(false)} gateway={null} />
    </div>
  );
}
