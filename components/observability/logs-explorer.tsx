"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { managementFetch, type Page } from "@/components/admin/management-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { AuditIcon } from "@/components/ui/icons";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { SidePanel } from "@/components/ui/side-panel";
import { formatPreciseTime } from "@/components/ui/timestamp";
import { useToast } from "@/components/ui/toast";
import type { GatewayLogContract } from "@/server/logs/log.schemas";
import { formatCount, statusTone } from "./format";
import { LogDetail } from "./log-detail";
import { logQuery, readLogView, responseCodeError } from "./log-filters";
import { logsToCsv } from "./log-csv";
import { LogsFilters } from "./logs-filters";
import { LogsTable } from "./logs-table";
import { observabilityKeys } from "./observability-queries";
import { useUrlState } from "./use-url-state";

const PAGE = 50;
/** CSV export fetches at most this many rows (the API's pages are 1000 long). */
const EXPORT_MAX = 50_000;

/**
 * Every handshake attempt, newest first, filtered by API, gateway, response code, subscription,
 * client IP and time; a row opens all its columns. The filters and the page are in the URL
 * (reload, bookmark, back). Pages of 50; the CSV export takes every matching row.
 */
export function LogsExplorer() {
  const toast = useToast();
  const { params, update } = useUrlState();
  const view = useMemo(() => readLogView(params), [params]);
  const [open, setOpen] = useState<GatewayLogContract | null>(null);
  const [exporting, setExporting] = useState(false);
  // Presets count back from when the filters were chosen, so paging does not shift under the reader.
  const filterKey = JSON.stringify({ ...view, skip: 0 });
  const [anchor, setAnchor] = useState(() => ({ key: filterKey, at: Date.now() }));
  useEffect(() => {
    if (anchor.key !== filterKey) setAnchor({ key: filterKey, at: Date.now() });
  }, [anchor.key, filterKey]);

  const filters = logQuery(view, anchor.at);
  const codeError = responseCodeError(view.responseCode);
  const skip = view.skip;
  const logs = useQuery({
    queryKey: observabilityKeys.logs(filters ?? {}, skip, PAGE),
    enabled: filters !== null,
    queryFn: () => managementFetch<Page<GatewayLogContract>>(`/logs?${new URLSearchParams({ ...filters, $top: String(PAGE), $skip: String(skip) })}`),
    placeholderData: keepPreviousData,
  });
  const rows = logs.data?.value ?? [];
  const total = logs.data?.count ?? 0;
  const filtered = filters !== null && Object.keys(filters).some((k) => k !== "from");
  const toPage = (at: number) => update({ skip: at > 0 ? String(at) : null });

  const exportCsv = async () => {
    if (filters === null) return;
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
  if (codeError !== null)
    body = (
      <EmptyState
        icon={<AuditIcon className="h-6 w-6" />}
        title="No rows shown: the response code filter is not a status code"
        description={codeError}
        action={
          <Button variant="secondary" size="sm" onClick={() => update({ responseCode: null, skip: null })}>
            Clear the response code
          </Button>
        }
      />
    );
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
        <LogsTable rows={rows} onOpen={setOpen} />
        <div className="flex items-center justify-between text-sm text-slate-500">
          <span data-testid="logs-range">
            {formatCount(skip + 1)}–{formatCount(skip + rows.length)} of {formatCount(total)}
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={skip === 0} onClick={() => toPage(Math.max(0, skip - PAGE))}>
              Newer
            </Button>
            <Button variant="secondary" size="sm" disabled={skip + PAGE >= total} onClick={() => toPage(skip + PAGE)}>
              Older
            </Button>
          </div>
        </div>
      </>
    );

  return (
    <div className="space-y-4">
      <LogsFilters view={view} update={update} />
      <div className="flex items-center justify-between">
        <p className="text-sm text-slate-500">Log rows reach the database in batches, a fraction of a second after the handshake.</p>
        <Button variant="secondary" size="sm" onClick={() => void exportCsv()} loading={exporting} disabled={total === 0 || filters === null}>
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
        description={open ? `${formatPreciseTime(open.time)} · ${open.callerIp} · gateway ${open.gatewayId}` : null}
      >
        {open ? <LogDetail row={open} /> : null}
      </SidePanel>
    </div>
  );
}
