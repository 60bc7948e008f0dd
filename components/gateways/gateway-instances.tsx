"use client";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { ErrorNotice } from "@/components/ui/resource-states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useGatewayInstances } from "./gateway-queries";

/** The processes running this gateway, from their heartbeats; one silent for over 60 s is marked stale. */
export function GatewayInstances({ gatewayId }: { gatewayId: string }) {
  const instances = useGatewayInstances(gatewayId);
  return (
    <Card title="Instances" description="Each gateway process reports every 15 seconds (GATEWAY_HEARTBEAT_MS); one silent for more than a minute is stale." bodyClassName="p-0">
      {instances.isPending ? (
        <div className="m-5 h-16 animate-pulse rounded-lg bg-slate-100" />
      ) : instances.isError ? (
        <div className="p-5">
          <ErrorNotice>{instances.error.message}</ErrorNotice>
        </div>
      ) : instances.data.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-slate-500">No instance has reported yet. Run the gateway with the command on the Deployment tab.</p>
      ) : (
        <Table aria-label="Gateway instances">
          <THead>
            <TR>
              <TH>Host</TH>
              <TH>Version</TH>
              <TH className="text-right">Revision</TH>
              <TH className="text-right">Connections</TH>
              <TH className="text-right">Workers</TH>
              <TH>Last heartbeat</TH>
            </TR>
          </THead>
          <TBody>
            {instances.data.map((instance) => (
              <TR key={instance.instanceId}>
                <TD>
                  <span className="font-medium text-slate-900">{instance.host}</span>
                  <p className="font-mono text-xs text-slate-500">{instance.instanceId}</p>
                </TD>
                <TD className="font-mono text-xs">{instance.version}</TD>
                <TD className="text-right tabular-nums">{instance.revision}</TD>
                <TD className="text-right tabular-nums">{instance.connections}</TD>
                <TD className="text-right tabular-nums">{instance.workers}</TD>
                <TD>
                  <span className="inline-flex flex-wrap items-center gap-2">
                    {instance.stale ? <Badge tone="amber">Stale</Badge> : <Badge tone="green">Live</Badge>}
                    <RelativeTime iso={instance.lastHeartbeatAt} />
                    <span className="text-xs text-slate-500">{formatDateTime(instance.lastHeartbeatAt)}</span>
                  </span>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
