"use client";

import { useSearchParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import { PageHeader } from "@/components/admin/page-header";
import { AdminTestConsole } from "@/components/console/admin-test-console";
import { ManagementRequestError } from "@/components/admin/management-fetch";
import { PolicyWorkspace } from "@/components/policies/policy-workspace";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus";
import { ApisIcon, ChevronRightIcon, LockIcon } from "@/components/ui/icons";
import { panelId, tabId, Tabs } from "@/components/ui/tabs";
import type { ApiContract } from "@/server/apis/api.schemas";
import type { PublicGateway } from "@/server/env";
import { apiConnectUrls, servedProtocols } from "@/server/portal/api-connect-url";
import { useApi, useApiOperations } from "./api-queries";
import { ApiProductsSection } from "./api-products-section";
import { ApiSettingsForm } from "./api-settings-form";
import { DeleteApiButton } from "./delete-api-button";
import { SchemeBadges } from "./scheme-badges";

const TABS = [
  { id: "overview", label: "Overview" },
  { id: "policies", label: "Policies" },
  { id: "test", label: "Test" },
  { id: "settings", label: "Settings" },
] as const;
type TabId = (typeof TABS)[number]["id"];

/** One API: overview (gateway URL, backend, operations), its onHandshake policies and its settings; `?tab=` opens one. */
export function ApiDetail({ apiId, gateway }: { apiId: string; gateway: PublicGateway }) {
  const gatewayBaseUrl = gateway.primary;
  const api = useApi(apiId);
  const requested = useSearchParams().get("tab");
  const [tab, setTabState] = useState<TabId>(TABS.find((t) => t.id === requested)?.id ?? "overview");
  const setTab = (id: TabId) => {
    setTabState(id);
    // The tab is in the URL so a reload or a shared link opens it.
    const url = new URL(window.location.href);
    if (id === "overview") url.searchParams.delete("tab");
    else url.searchParams.set("tab", id);
    window.history.replaceState(window.history.state, "", url);
  };
  const breadcrumbs = [{ href: "/admin/apis", label: "APIs" }];

  if (api.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading API" className="space-y-4">
        <div className="h-8 w-64 animate-pulse rounded bg-slate-200/70" />
        <div className="h-56 animate-pulse rounded-xl bg-slate-200/50" />
      </div>
    );
  }
  if (api.isError) {
    const notFound = api.error instanceof ManagementRequestError && api.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? "API not found" : "API unavailable"} breadcrumbs={breadcrumbs} />
        <EmptyState
          icon={<ApisIcon className="h-6 w-6" />}
          title={notFound ? `There is no API named “${apiId}”` : "The API could not be loaded"}
          description={notFound ? "It may have been deleted." : api.error.message}
          action={
            <ButtonLink href="/admin/apis" variant="secondary">
              Back to APIs
            </ButtonLink>
          }
        />
      </>
    );
  }

  const data = api.data;
  return (
    <>
      <PageHeader
        title={data.properties.displayName}
        breadcrumbs={breadcrumbs}
        badges={
          <>
            <Badge tone="indigo">WebSocket</Badge>
            {data.properties.subscriptionRequired ? <Badge tone="neutral">Subscription required</Badge> : <Badge tone="amber">Open</Badge>}
          </>
        }
        description={data.properties.description || undefined}
        actions={<DeleteApiButton api={data} />}
      />
      <Tabs tabs={TABS} selected={tab} onSelect={setTab} label="API sections" />
      <div className="pt-6">
        {tab === "overview" ? (
          <div role="tabpanel" id={panelId("overview")} aria-labelledby={tabId("overview")} className="space-y-6">
            <Overview api={data} gateway={gateway} />
            <Operations apiId={data.name} onOpenPolicies={() => setTab("policies")} onOpenTest={() => setTab("test")} />
          </div>
        ) : tab === "test" ? (
          <div role="tabpanel" id={panelId("test")} aria-labelledby={tabId("test")}>
            <AdminTestConsole api={data} gatewayBaseUrl={gatewayBaseUrl} />
          </div>
        ) : tab === "policies" ? (
          <div role="tabpanel" id={panelId("policies")} aria-labelledby={tabId("policies")}>
            <PolicyWorkspace
              scope="api"
              apiId={data.name}
              apiName={data.properties.displayName}
              intro={
                <p className="flex items-center gap-2 text-sm text-slate-600">
                  <span className="rounded-md bg-emerald-50 px-2 py-0.5 font-mono text-xs font-semibold text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">GET</span>
                  <span className="font-mono font-medium text-slate-900">onHandshake</span>
                  <span className="text-slate-400">·</span>
                  runs on every client handshake
                </p>
              }
            />
          </div>
        ) : (
          <div role="tabpanel" id={panelId("settings")} aria-labelledby={tabId("settings")} className="space-y-6">
            <ApiSettingsForm api={data} gatewayBaseUrl={gatewayBaseUrl} servedSchemes={servedProtocols(gateway)} />
            <ApiProductsSection apiId={data.name} />
          </div>
        )}
      </div>
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function Overview({ api, gateway }: { api: ApiContract; gateway: PublicGateway }) {
  const { protocols } = api.properties;
  // Only URLs some gateway answers (a ws-only gateway has no wss:// URL to offer).
  const urls = apiConnectUrls(gateway, api.properties.path, protocols);
  const schemeLabel = protocols.length === 2 ? "Both (ws:// and wss://)" : protocols[0] === "wss" ? "WSS only" : "WS only";
  return (
    <Card title="Overview" description="Where clients connect and where the gateway sends them.">
      <dl className="-my-3 divide-y divide-slate-100">
        <Row label="Gateway URL">
          {urls.length === 0 ? (
            <p className="text-amber-800" data-testid="api-gateway-url-none">
              None: no gateway serves {protocols.map((p) => `${p}://`).join(" or ")}. Change the URL scheme in Settings.
            </p>
          ) : (
            <div className="space-y-2">
              {urls.map((u, i) => (
                <div key={u.protocol} className="flex flex-wrap items-center gap-3">
                  <code
                    className="rounded-md bg-indigo-50 px-2 py-1 font-mono text-[13px] break-all text-indigo-900"
                    data-testid={i === 0 ? "api-gateway-url" : `api-gateway-url-${u.protocol}`}
                  >
                    {u.url}
                  </code>
                  <CopyButton text={u.url} tone="light" ariaLabel={`Copy the ${u.protocol} gateway URL`} />
                </div>
              ))}
            </div>
          )}
        </Row>
        <Row label="Backend URL">
          <code className="font-mono text-[13px] break-all">{api.properties.serviceUrl}</code>
        </Row>
        <Row label="URL scheme">
          <span className="inline-flex items-center gap-2">
            <SchemeBadges protocols={protocols} />
            <span className="text-slate-500">{schemeLabel}</span>
          </span>
        </Row>
        <Row label="API URL suffix">
          <code className="font-mono text-[13px]">/{api.properties.path}</code>
        </Row>
        <Row label="Subscription required">
          {api.properties.subscriptionRequired ? (
            <span>
              Yes — key in header <code className="font-mono text-[13px]">{api.properties.subscriptionKeyParameterNames.header}</code> or query{" "}
              <code className="font-mono text-[13px]">{api.properties.subscriptionKeyParameterNames.query}</code>
            </span>
          ) : (
            <span>No — anyone who can reach the gateway can connect</span>
          )}
        </Row>
        <Row label="Name">
          <code className="font-mono text-[13px]">{api.name}</code>
        </Row>
      </dl>
    </Card>
  );
}

function Operations({ apiId, onOpenPolicies, onOpenTest }: { apiId: string; onOpenPolicies: () => void; onOpenTest: () => void }) {
  const operations = useApiOperations(apiId);
  return (
    <Card
      title="Operations"
      description="A WebSocket API has one operation: the handshake. Its policies run before the backend is contacted."
      bodyClassName="p-0"
    >
      {operations.isPending ? (
        <div className="m-5 h-10 animate-pulse rounded bg-slate-100" />
      ) : operations.isError ? (
        <p className="px-5 py-4 text-sm text-red-700">The operations could not be loaded: {operations.error.message}</p>
      ) : (
        <ul aria-label="Operations" className="divide-y divide-slate-100">
          {operations.data.map((operation) => (
            <li key={operation.name} className="flex flex-wrap items-center gap-4 px-5 py-4" data-testid={`operation-${operation.name}`}>
              <span className="rounded-md bg-emerald-50 px-2 py-0.5 font-mono text-xs font-semibold text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">
                {operation.properties.method}
              </span>
              <div className="min-w-0 flex-1">
                <p className="font-mono text-sm font-medium text-slate-900">{operation.properties.displayName}</p>
                <p className="text-xs text-slate-500">Runs on every client handshake, before the backend connection is opened.</p>
              </div>
              <span className="inline-flex items-center gap-1.5 text-xs text-slate-500">
                <LockIcon className="h-4 w-4 text-slate-400" />
                System operation — cannot be deleted
              </span>
              <a
                href="?tab=policies"
                onClick={(event) => {
                  event.preventDefault();
                  onOpenPolicies();
                }}
                className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 ${focusRing}`}
              >
                Policies
                <ChevronRightIcon className="h-4 w-4" />
              </a>
              <a
                href="?tab=test"
                onClick={(event) => {
                  event.preventDefault();
                  onOpenTest();
                }}
                className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 ${focusRing}`}
              >
                Test
                <ChevronRightIcon className="h-4 w-4" />
              </a>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
