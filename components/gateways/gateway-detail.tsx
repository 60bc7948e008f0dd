"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PageHeader } from "@/components/admin/page-header";
import { managementFetch } from "@/components/admin/management-fetch";
import { AddApiPicker } from "@/components/apis/add-api-picker";
import { useApis } from "@/components/apis/api-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { focusRing } from "@/components/ui/focus";
import { ApisIcon } from "@/components/ui/icons";
import { panelId, tabId, Tabs } from "@/components/ui/tabs";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { ApiContract } from "@/server/apis/api.schemas";
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

function ApiRows({ apis, onRemove }: { apis: ApiContract[]; onRemove?: (api: ApiContract) => void }) {
  return (
    <ul aria-label="Gateway APIs" className="divide-y divide-slate-100">
      {apis.map((api) => (
        <li key={api.name} className="flex items-center justify-between gap-4 px-5 py-3">
          <div className="min-w-0">
            <Link href={`/admin/apis/${encodeURIComponent(api.name)}`} className={`rounded font-medium text-slate-900 hover:text-indigo-700 ${focusRing}`}>
              {api.properties.displayName}
            </Link>
            <p className="font-mono text-xs text-slate-500">/{api.properties.path}</p>
          </div>
          {onRemove ? (
            <Button variant="ghost" size="sm" onClick={() => onRemove(api)} aria-label={`Unassign ${api.properties.displayName}`}>
              Unassign
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Empty({ title, text }: { title: string; text: string }) {
  return (
    <div className="flex flex-col items-center px-6 py-10 text-center">
      <div className="mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
        <ApisIcon className="h-5 w-5" />
      </div>
      <p className="text-sm font-medium text-slate-900">{title}</p>
      <p className="mt-1 text-sm text-slate-500">{text}</p>
    </div>
  );
}

function ManagedApis() {
  const apis = useApis();
  return (
    <Card title="APIs" description="The managed gateway serves every API; there is nothing to assign." bodyClassName="p-0">
      {apis.isPending ? (
        <div className="m-5 h-16 animate-pulse rounded-lg bg-slate-100" />
      ) : apis.isError ? (
        <div className="p-5">
          <ErrorNotice>{apis.error.message}</ErrorNotice>
        </div>
      ) : apis.data.length === 0 ? (
        <Empty title="No APIs yet" text="Every API you add is served here." />
      ) : (
        <ApiRows apis={apis.data} />
      )}
    </Card>
  );
}

function AssignedApis({ gatewayId }: { gatewayId: string }) {
  const apis = useGatewayApis(gatewayId);
  const all = useApis();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [removing, setRemoving] = useState<ApiContract | null>(null);
  const assigned = new Set((apis.data ?? []).map((a) => a.name));
  const candidates = (all.data ?? []).filter((a) => !assigned.has(a.name));
  const path = (apiId: string) => `/gateways/${encodeURIComponent(gatewayId)}/apis/${encodeURIComponent(apiId)}`;
  const add = async (apiId: string): Promise<boolean> => {
    try {
      await managementFetch(path(apiId), { method: "PUT" });
      await queryClient.invalidateQueries({ queryKey: gatewayKeys.all });
      toast.show({ title: "API assigned", description: "The gateway picks it up on its next configuration pull." });
      return true;
    } catch (error) {
      toast.show({ tone: "error", title: "The API was not assigned", description: error instanceof Error ? error.message : undefined });
      return false;
    }
  };
  return (
    <Card
      title="APIs"
      description="This gateway serves only the APIs assigned to it."
      bodyClassName="p-0"
      actions={
        <AddApiPicker id="gateway-api-picker" label="API to assign" buttonLabel="Assign" candidates={candidates} loading={all.isPending} noneLeftText="Every API is assigned" onAdd={add} />
      }
    >
      {apis.isPending ? (
        <div className="m-5 h-16 animate-pulse rounded-lg bg-slate-100" />
      ) : apis.isError ? (
        <div className="p-5">
          <ErrorNotice>{apis.error.message}</ErrorNotice>
        </div>
      ) : apis.data.length === 0 ? (
        <Empty title="No APIs assigned yet" text="Choose one above; clients can then connect through this gateway." />
      ) : (
        <ApiRows apis={apis.data} onRemove={setRemoving} />
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Unassign ${removing?.properties.displayName ?? ""}?`}
        description="This gateway stops accepting connections for the API on its next configuration pull. The API itself stays."
        confirmLabel="Unassign API"
        onConfirm={async () => {
          if (!removing) return;
          await managementFetch(path(removing.name), { method: "DELETE" });
          await queryClient.invalidateQueries({ queryKey: gatewayKeys.all });
          toast.show({ title: "API unassigned", description: removing.properties.displayName });
          setRemoving(null);
        }}
      />
    </Card>
  );
}

function DeleteGatewayButton({ gateway }: { gateway: GatewayContract }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  return (
    <>
      <Button variant="danger-outline" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${gateway.properties.displayName}?`}
        description="The gateway can no longer pull its configuration, and its API assignments are removed. This cannot be undone."
        confirmText={gateway.name}
        confirmLabel="Delete gateway"
        onConfirm={async () => {
          await managementFetch(`/gateways/${encodeURIComponent(gateway.name)}`, { method: "DELETE" });
          void queryClient.invalidateQueries({ queryKey: gatewayKeys.all });
          setOpen(false);
          toast.show({ title: "Gateway deleted", description: gateway.properties.displayName });
          router.push("/admin/gateways");
        }}
      />
    </>
  );
}
