"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import { managementFetch, type Page } from "@/components/admin/management-fetch";
import { useApis } from "@/components/apis/api-queries";
import { useGatewayList } from "@/components/gateways/gateway-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { AuditIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { SidePanel } from "@/components/ui/side-panel";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import type { GatewayLogContract } from "@/server/logs/log.schemas";
import { formatBytes, formatCount, formatDuration, statusTone } from "./format";
import { logsToCsv } from "./log-csv";
import { observabilityKeys } from "./observability-queries";
import { RANGE_PRESETS, toLocalInput } from "./time-range";

const PAGE = 50;
/** CSV export fetches at most this many rows (the API's pages are 1000 long). */
const EXPORT_MAX = 50_000;
type TimeKey = "15m" | "1h" | "24h" | "7d" | "all" | "custom";

/**
 * Every handshake attempt, newest first, filtered by API, response code, subscription, client IP
 * and time; a row opens all its columns. Pages of 50; the CSV export takes every matching row.
 */
export function LogsExplorer() {
  const params = useSearchParams();
  const toast = useToast();
  const apis = useApis();
  const gateways = useGatewayList();
  const [apiId, setApiId] = useState(params.get("apiId") ?? "");
  const [gatewayId, setGatewayId] = useState(params.get("gatewayId") ?? "");
  const [code, setCode] = useState(params.get("responseCode") ?? "");
  const [subscription, setSubscription] = useState(params.get("subscriptionId") ?? "");
  const [ip, setIp] = useState(params.get("callerIp") ?? "");
  const [reason, setReason] = useState(params.get("lastErrorReason") ?? "");
  const [time, setTime] = useState<TimeKey>((params.get("range") as TimeKey | null) ?? "24h");
  const [custom, setCustom] = useState(() => ({ from: toLocalInput(Date.now() - 3600_000), to: toLocalInput(Date.now()) }));
  const [skip, setSkip] = useState(0);
  const [open, setOpen] = useState<GatewayLogContract | null>(null);
  const [exporting, setExporting] = useState(false);
  // Presets are relative to when they were picked, so paging does not shift under the reader.
  const [anchor, setAnchor] = useState(() => Date.now());

  const debounced = { code: useDebouncedValue(code.trim(), 300), subscription: useDebouncedValue(subscription.trim(), 300), ip: useDebouncedValue(ip.trim(), 300) };
  const codeInvalid = debounced.code !== "" && !/^[1-5]\d\d$/.test(debounced.code);
  const filters: Record<string, string> = {};
  if (apiId) filters.apiId = apiId;
  if (gatewayId) filters.gatewayId = gatewayId;
  if (debounced.code && !codeInvalid) filters.responseCode = debounced.code;
  if (debounced.subscription) filters.subscriptionId = debounced.subscription;
  if (debounced.ip) filters.callerIp = debounced.ip;
  if (reason) filters.lastErrorReason = reason;
  const preset = RANGE_PRESETS.find((p) => p.key === time);
  if (preset) filters.from = new Date(anchor - preset.ms).toISOString();
  if (time === "custom") {
    const from = Date.parse(custom.from);
    const to = Date.parse(custom.to);
    if (!Number.isNaN(from)) filters.from = new Date(from).toISOString();
    if (!Number.isNaN(to)) filters.to = new Date(to).toISOString();
  }
  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setSkip(0);
    setAnchor(Date.now());
  };

  const logs = useQuery({
    queryKey: observabilityKeys.logs(filters, skip, PAGE),
    enabled: !codeInvalid,
    queryFn: () => managementFetch<Page<GatewayLogContract>>(`/logs?${new URLSearchParams({ ...filters, $top: String(PAGE), $skip: String(skip) })}`),
    placeholderData: keepPreviousData,
  });
  const rows = logs.data?.value ?? [];
  const total = logs.data?.count ?? 0;
  const filtered = Object.keys(filters).some((k) => k !== "from");

  const exportCsv = async () => {
    setExporting(true);
    try {
      const all: GatewayLogContract[] = [];
      for (let at = 0; at < Math.min(total, EXPORT_MAX); at += 1000) {
        const page = await managementFetch<Page<GatewayLogContract>>(`/logs?${new URLSearchParams({ ...filters, $top: "1000", $skip: String(at) })}`);
        all.push(...page.value);
        if (!page.nextLink) break;
      }
      const url = URL.createObjectURL(new Blob([logsToCsv(all)], { type: "text/csv;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `gateway-logs-${new Date().toISOString().replace(/[:.]/g, "-")}.csv`;
      a.click();
      URL.revokeObjectURL(url);
      if (total > EXPORT_MAX) toast.show({ tone: "info", title: `Exported the newest ${formatCount(EXPORT_MAX)} of ${formatCount(total)} rows`, description: "Narrow the filters for the rest." });
    } catch (error) {
      toast.show({ tone: "error", title: "The export failed", description: error instanceof Error ? error.message : String(error) });
    } finally {
      setExporting(false);
    }
  };

  let body: ReactNode;
  if (codeInvalid) body = null;
  else if (logs.isPending) body = <ListSkeleton label="Loading the gateway logs" />;
  else if (logs.isError) body = <ErrorNotice>The logs could not be loaded: {logs.error.message}</ErrorNotice>;
  else if (rows.length === 0)
    body = (
      <EmptyState
        icon={<AuditIcon className="h-6 w-6" />}
        title={filtered ? "No attempts match these filters" : "No handshake attempts in this time range"}
        description="Every WebSocket handshake through a gateway is one row, completed when the connection closes."
      />
    );
  else
    body = (
      <>
        <Table aria-label="Gateway logs">
          <THead>
            <TR>
              <TH>Time</TH>
              <TH>Status</TH>
              <TH>API</TH>
              <TH>Client IP</TH>
              <TH>Subscription</TH>
              <TH>Reason / close</TH>
              <TH className="text-right">Duration</TH>
              <TH className="text-right">Messages in / out</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((row) => (
              <TR
                key={row.id}
                tabIndex={0}
                aria-label={`${row.responseCode} ${row.apiId ?? row.url} from ${row.callerIp}`}
                data-testid="log-row"
                className="cursor-pointer transition-colors hover:bg-slate-50 focus:bg-indigo-50/60 focus:outline-none"
                onClick={() => setOpen(row)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    setOpen(row);
                  }
                }}
              >
                <TD className="whitespace-nowrap text-slate-500">
                  <RelativeTime iso={row.time} />
                </TD>
                <TD>
                  <Badge tone={statusTone(row.responseCode)}>{row.responseCode}</Badge>
                </TD>
                <TD className="max-w-44 truncate font-medium text-slate-800" title={row.url}>
                  {row.apiId ?? <span className="font-normal text-slate-400 italic">none</span>}
                </TD>
                <TD className="font-mono text-[13px]">{row.callerIp}</TD>
                <TD className="max-w-36 truncate font-mono text-[13px]" title={row.subscriptionId ?? undefined}>
                  {row.subscriptionId ?? <span className="text-slate-400">—</span>}
                </TD>
                <TD className="max-w-56 truncate text-slate-600" title={row.lastErrorMessage ?? row.closeReason ?? undefined}>
                  {row.responseCode !== 101 ? (row.lastErrorReason ?? "—") : row.closedAt ? `${row.closeCode} by ${row.closedBy ?? "unknown"}` : <Badge tone="indigo">open</Badge>}
                </TD>
                <TD className="text-right whitespace-nowrap tabular-nums">{row.responseCode === 101 ? formatDuration(row.durationMs) : `${row.totalTime} ms`}</TD>
                <TD className="text-right tabular-nums">{row.responseCode === 101 ? `${formatCount(row.messagesInbound)} / ${formatCount(row.messagesOutbound)}` : "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
        <div className="flex items-center justify-between text-sm text-slate-500">
          <span data-testid="logs-range">
            {formatCount(skip + 1)}–{formatCount(skip + rows.length)} of {formatCount(total)}
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={skip === 0} onClick={() => setSkip(Math.max(0, skip - PAGE))}>
              Newer
            </Button>
            <Button variant="secondary" size="sm" disabled={skip + PAGE >= total} onClick={() => setSkip(skip + PAGE)}>
              Older
            </Button>
          </div>
        </div>
      </>
    );

  return (
    <div className="space-y-4">
      <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
        <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Field label="API">
            {(control) => (
              <Select {...control} value={apiId} onChange={(e) => change(setApiId)(e.target.value)}>
                <option value="">All APIs</option>
                {(apis.data ?? []).map((a) => (
                  <option key={a.name} value={a.name}>
                    {a.properties.displayName}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Gateway">
            {(control) => (
              <Select {...control} value={gatewayId} onChange={(e) => change(setGatewayId)(e.target.value)}>
                <option value="">All gateways</option>
                {(gateways.data ?? []).map((g) => (
                  <option key={g.name} value={g.name}>
                    {g.properties.displayName}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Response code" error={codeInvalid ? "A status code such as 401." : null}>
            {(control) => <Input {...control} value={code} inputMode="numeric" onChange={(e) => change(setCode)(e.target.value)} placeholder="e.g. 401" autoComplete="off" />}
          </Field>
          <Field label="Subscription">
            {(control) => <Input {...control} value={subscription} onChange={(e) => change(setSubscription)(e.target.value)} placeholder="Subscription id" autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Client IP">
            {(control) => <Input {...control} value={ip} onChange={(e) => change(setIp)(e.target.value)} placeholder="203.0.113.7" className="font-mono" autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Time">
            {(control) => (
              <Select {...control} value={time} onChange={(e) => change(setTime)(e.target.value as TimeKey)}>
                {RANGE_PRESETS.map((p) => (
                  <option key={p.key} value={p.key}>
                    Last {p.label}
                  </option>
                ))}
                <option value="all">Everything kept</option>
                <option value="custom">Custom…</option>
              </Select>
            )}
          </Field>
        </div>
        {time === "custom" || reason ? (
          <div className="mt-4 flex flex-wrap items-center gap-3">
            {time === "custom" ? (
              <>
                <Input type="datetime-local" aria-label="From" value={custom.from} onChange={(e) => change(setCustom)({ ...custom, from: e.target.value })} className="h-9 w-auto" />
                <span className="text-sm text-slate-400">to</span>
                <Input type="datetime-local" aria-label="To" value={custom.to} onChange={(e) => change(setCustom)({ ...custom, to: e.target.value })} className="h-9 w-auto" />
              </>
            ) : null}
            {reason ? (
              <span className="inline-flex items-center gap-2 rounded-md bg-slate-100 px-2 py-1 text-sm text-slate-700">
                Reason: <span className="font-medium">{reason}</span>
                <button type="button" className="text-slate-500 hover:text-slate-900" aria-label="Clear the reason filter" onClick={() => change(setReason)("")}>
                  ×
                </button>
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="flex items-center justify-between">
        <p className="text-sm text-slate-500">Log rows reach the database in batches, a fraction of a second after the handshake.</p>
        <Button variant="secondary" size="sm" onClick={() => void exportCsv()} loading={exporting} disabled={total === 0}>
          Export CSV
        </Button>
      </div>
      {body}
      <SidePanel
        open={open !== null}
        onClose={() => setOpen(null)}
        title={
          open ? (
            <span className="flex items-center gap-2">
              <Badge tone={statusTone(open.responseCode)}>{open.responseCode}</Badge>
              <span className="font-mono text-base">{open.url}</span>
            </span>
          ) : null
        }
        description={open ? `${formatDateTime(open.time)} · ${open.callerIp} · gateway ${open.gatewayId}` : null}
      >
        {open ? <LogDetail row={open} /> : null}
      </SidePanel>
    </div>
  );
}

/** Every column of one log row, grouped as the handshake happened. */
function LogDetail({ row }: { row: GatewayLogContract }) {
  const sections: { title: string; items: [string, ReactNode][] }[] = [
    {
      title: "Request",
      items: [
        ["Time", formatDateTime(row.time)],
        ["Id", <Mono key="id">{row.id}</Mono>],
        ["Gateway", row.gatewayId],
        ["Client IP", <Mono key="ip">{row.callerIp}</Mono>],
        ["Method", row.method],
        ["URL", <Mono key="url">{row.url}</Mono>],
        ["Trace id", row.traceId ? <Mono key="trace">{row.traceId}</Mono> : null],
      ],
    },
    {
      title: "Routing and access",
      items: [
        ["API", row.apiId],
        ["Operation", row.operationId],
        ["Product", row.productId],
        ["Subscription", row.subscriptionId ? <Mono key="sub">{row.subscriptionId}</Mono> : null],
        ["User", row.userId],
      ],
    },
    {
      title: "Handshake",
      items: [
        ["Response code", <Badge key="code" tone={statusTone(row.responseCode)}>{row.responseCode}</Badge>],
        ["Backend response code", row.backendResponseCode],
        ["Backend URL", row.backendUrl ? <Mono key="backend">{row.backendUrl}</Mono> : null],
        ["Total time", `${row.totalTime} ms`],
        ["Backend time", row.backendTime === null ? null : `${row.backendTime} ms`],
        ["Error reason", row.lastErrorReason],
        ["Error message", row.lastErrorMessage],
        ["Error source", row.lastErrorSource],
      ],
    },
    {
      title: "Connection",
      items: [
        ["Closed at", row.closedAt ? formatDateTime(row.closedAt) : row.responseCode === 101 ? "Still open" : null],
        ["Duration", row.durationMs === null ? null : formatDuration(row.durationMs)],
        ["Close code", row.closeCode],
        ["Close reason", row.closeReason || null],
        ["Closed by", row.closedBy],
        ["Messages in / out", `${formatCount(row.messagesInbound)} / ${formatCount(row.messagesOutbound)}`],
        ["Bytes in / out", `${formatBytes(row.bytesInbound)} / ${formatBytes(row.bytesOutbound)}`],
      ],
    },
  ];
  return (
    <div className="grid gap-6 md:grid-cols-2" data-testid="log-detail">
      {sections.map((section) => (
        <section key={section.title} aria-label={section.title}>
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{section.title}</h3>
          <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200">
            {section.items.map(([label, value]) => (
              <div key={label} className="grid grid-cols-[9rem_1fr] gap-3 px-3 py-2 text-sm">
                <dt className="text-slate-500">{label}</dt>
                <dd className="min-w-0 break-words text-slate-900">{value === null || value === undefined || value === "" ? <span className="text-slate-400">—</span> : value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}

function Mono({ children }: { children: ReactNode }) {
  return <span className="font-mono text-[13px] break-all">{children}</span>;
}
