"use client";

import { useState } from "react";
import { PageHeader } from "@/components/admin/page-header";
import { useApis } from "@/components/apis/api-queries";
import { ApiRowsOrState, LinkedApisCard, type LinkedApisWording } from "@/components/apis/linked-apis-card";
import { DeleteResourceButton } from "@/components/resources/delete-resource-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { panelId, tabId, Tabs } from "@/components/ui/tabs";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import type { GatewayContract } from "@/server/gateways/gateway.schemas";
import { gatewayKeys, useGateway, useGatewayApis, useGatewayInstances } from "./gateway-queries";
import { GatewayDeployment } from "./gateway-deployment";
import { GatewayFormDialog } from "./gateway-form-dialog";
import { GatewayInstances } from "./gateway-instances";
import { Heartbeat } from "./heartbeat";
import { locationText } from "./location-text";

/** A gateway: its location, instances and APIs (assign, unassign); for administrators also edit, delete and the Deployment tab. */
export function GatewayDetail({ gatewayId, canManage }: { gatewayId: string; canManage: boolean }) {
  const gateway = useGateway(gatewayId);
  if (gateway.isPending) return <ListSkeleton label="Loading gateway" />;
  if (gateway.isError) {
    return (
      <>
        <PageHeader title={gatewayId} breadcrumbs={[{ href: "/admin/gateways", label: "Gateways" }]} />
        <ErrorNotice>{gateway.error.message}</ErrorNotice>
      </>
    );
  }
  return <GatewayPage gateway={gateway.data} canManage={canManage} />;
}

type TabId = "overview" | "deployment";

function GatewayPage({ gateway: g, canManage }: { gateway: GatewayContract; canManage: boolean }) {
  const [tab, setTab] = useState<TabId>("overview");
  const [editing, setEditing] = useState(false);
  const instances = useGatewayInstances(g.name);
  // The instances are polled more often than the gateway: the newest heartbeat of either is shown.
  const lastHeartbeat = [g.properties.lastHeartbeatAt, ...(instances.data ?? []).map((i) => i.lastHeartbeatAt)].reduce<string | null>(
    (latest, iso) => (iso !== null && (latest === null || iso > latest) ? iso : latest),
    null,
  );
  const tabs: { id: TabId; label: string }[] = canManage ? [{ id: "overview", label: "Overview" }, { id: "deployment", label: "Deployment" }] : [{ id: "overview", label: "Overview" }];
  return (
    <>
      <PageHeader
        title={g.properties.displayName}
        breadcrumbs={[{ href: "/admin/gateways", label: "Gateways" }]}
        description={g.properties.description || <span className="font-mono">{g.name}</span>}
        badges={g.properties.managed ? <Badge tone="indigo">Managed</Badge> : <Badge>Self-hosted</Badge>}
        actions={
          canManage ? (
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
              {!g.properties.managed ? <DeleteGatewayButton gateway={g} /> : null}
            </div>
          ) : null
        }
      />
      {canManage ? <GatewayFormDialog key={JSON.stringify(g.properties)} open={editing} onClose={() => setEditing(false)} gateway={g} /> : null}
      <div className="space-y-6">
        <Tabs tabs={tabs} selected={tab} onSelect={setTab} label="Gateway sections" />
        <div role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)} className="space-y-6">
          {tab === "overview" ? (
            <>
              <div className="grid gap-4 sm:grid-cols-4">
                <Stat label="Last heartbeat">
                  <Heartbeat iso={lastHeartbeat} />
                </Stat>
                <Stat label="Location">{g.properties.locationData ? locationText(g.properties.locationData) : <span className="text-slate-400">Not set</span>}</Stat>
                <Stat label="Id">
                  <span className="font-mono">{g.name}</span>
                </Stat>
                <Stat label="Serves">{g.properties.managed ? "Every API" : "The APIs assigned below"}</Stat>
              </div>
              <GatewayInstances gatewayId={g.name} />
              {g.properties.managed ? <ManagedApis /> : <AssignedApis gatewayId={g.name} />}
            </>
          ) : (
            <GatewayDeployment gatewayId={g.name} />
          )}
        </div>
      </div>
    </>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</p>
      <div className="mt-1.5 text-sm text-slate-800">{children}</div>
    </div>
  );
}

function ManagedApis() {
  return (
    <Card title="APIs" description="The managed gateway serves every API; there is nothing to assign." bodyClassName="p-0">
      <ApiRowsOrState apis={useApis()} label="Gateway APIs" empty={{ title: "No APIs yet", text: "Every API you add is served here." }} />
    </Card>
  );
}

const GATEWAY_APIS: LinkedApisWording = {
  description: "This gateway serves only the APIs assigned to it.",
  picker: { id: "gateway-api-picker", label: "API to assign", buttonLabel: "Assign", noneLeftText: "Every API is assigned" },
  listLabel: "Gateway APIs",
  removeLabel: "Unassign",
  empty: { title: "No APIs assigned yet", text: "Choose one above; clients can then connect through this gateway." },
  added: () => ({ title: "API assigned", description: "The gateway picks it up on its next configuration pull." }),
  addFailed: "The API was not assigned",
  confirm: {
    title: (displayName) => `Unassign ${displayName}?`,
    description: "This gateway stops accepting connections for the API on its next configuration pull. The API itself stays.",
    confirmLabel: "Unassign API",
  },
  removed: "API unassigned",
};

function AssignedApis({ gatewayId }: { gatewayId: string }) {
  return <LinkedApisCard apis={useGatewayApis(gatewayId)} basePath={`/gateways/${encodeURIComponent(gatewayId)}/apis`} invalidate={gatewayKeys.all} wording={GATEWAY_APIS} />;
}

function DeleteGatewayButton({ gateway }: { gateway: GatewayContract }) {
  return (
    <DeleteResourceButton
      path={`/gateways/${encodeURIComponent(gateway.name)}`}
      id={gateway.name}
      title={`Delete ${gateway.properties.displayName}?`}
      description="The gateway can no longer pull its configuration, and its API assignments are removed. This cannot be undone."
      confirmLabel="Delete gateway"
      invalidate={gatewayKeys.all}
      toast={{ title: "Gateway deleted", description: gateway.properties.displayName }}
      backTo="/admin/gateways"
    />
  );
}
