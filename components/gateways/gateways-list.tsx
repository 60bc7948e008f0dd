"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { PlusIcon } from "@/components/ui/icons";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { GatewayContract } from "@/server/gateways/gateway.schemas";
import { GatewayFormDialog } from "./gateway-form-dialog";
import { useGatewayApiCount, useGatewayList } from "./gateway-queries";
import { Heartbeat } from "./heartbeat";
import { locationText } from "./location-text";

function ApiCount({ gateway }: { gateway: GatewayContract }) {
  const count = useGatewayApiCount(gateway.name);
  if (gateway.properties.managed) return <span className="text-slate-500">Every API</span>;
  if (count.isPending) return <span className="inline-block h-4 w-6 animate-pulse rounded bg-slate-100" aria-label="Loading" />;
  return <span className="tabular-nums">{count.data ?? "—"}</span>;
}

/** The gateways: the managed one first, then self-hosted ones; register another. */
export function GatewaysList({ canManage }: { canManage: boolean }) {
  const gateways = useGatewayList();
  const router = useRouter();
  const [registering, setRegistering] = useState(false);
  if (gateways.isPending) return <ListSkeleton label="Loading gateways" />;
  if (gateways.isError) return <ErrorNotice>The gateways could not be loaded: {gateways.error.message}</ErrorNotice>;
  const sorted = [...gateways.data].sort((a, b) => Number(b.properties.managed) - Number(a.properties.managed) || a.properties.displayName.localeCompare(b.properties.displayName));
  return (
    <div className="space-y-4">
      {canManage ? (
        <div className="flex justify-end">
          <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setRegistering(true)}>
            Register gateway
          </Button>
        </div>
      ) : null}
      <Table aria-label="Gateways">
        <THead>
          <TR>
            <TH>Gateway</TH>
            <TH>Kind</TH>
            <TH>Last heartbeat</TH>
            <TH className="text-right">APIs</TH>
          </TR>
        </THead>
        <TBody>
          {sorted.map((gateway) => {
            const href = `/admin/gateways/${encodeURIComponent(gateway.name)}`;
            return (
              <TR key={gateway.name} className="cursor-pointer transition-colors hover:bg-slate-50" onClick={() => router.push(href)}>
                <TD>
                  <Link href={href} className={cn("rounded font-medium text-slate-900 hover:text-indigo-700", focusRing)} onClick={(e) => e.stopPropagation()}>
                    {gateway.properties.displayName}
                  </Link>
                  <p className="max-w-md truncate text-xs text-slate-500">
                    <span className="font-mono">{gateway.name}</span>
                    {gateway.properties.locationData ? ` · ${locationText(gateway.properties.locationData)}` : ""}
                    {gateway.properties.description ? ` · ${gateway.properties.description}` : ""}
                  </p>
                </TD>
                <TD>{gateway.properties.managed ? <Badge tone="indigo">Managed</Badge> : <Badge>Self-hosted</Badge>}</TD>
                <TD>
                  <Heartbeat iso={gateway.properties.lastHeartbeatAt} />
                </TD>
                <TD className="text-right">
                  <ApiCount gateway={gateway} />
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
      {gateways.data.length === 1 ? (
        <p className="text-sm text-slate-500">Only the managed gateway so far. Register a self-hosted gateway to serve chosen APIs from your own network.</p>
      ) : null}
      <GatewayFormDialog open={registering} onClose={() => setRegistering(false)} gateway={null} />
    </div>
  );
}
