"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { managementFetch, type Page } from "@/components/admin/management-fetch";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { AuditIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { formatPreciseTime, Timestamp, TimeZoneNote } from "@/components/ui/timestamp";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { SidePanel } from "@/components/ui/side-panel";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { AUDIT_ACTIONS } from "@/server/audit/audit-actions";
import type { AuditEntryContract } from "@/server/audit/audit.schemas";

const PAGE = 50;
const ACTION_TONES: Record<string, BadgeTone> = { create: "green", update: "indigo", delete: "red", revoke: "red", link: "indigo", unlink: "amber", listSecrets: "amber" };

/** Who changed what, newest first, filtered by resource, action and actor (an email or a token's name); a row opens the before and after. */
export function AuditLog() {
  const [resource, setResource] = useState("");
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const filters = { resource: useDebouncedValue(resource.trim(), 300), actorLabel: useDebouncedValue(actor.trim(), 300), action };
  const resourceInvalid = filters.resource !== "" && !filters.resource.startsWith("/");
  const [open, setOpen] = useState<AuditEntryContract | null>(null);

  const entries = useInfiniteQuery({
    queryKey: ["auditLogs", filters],
    enabled: !resourceInvalid,
    initialPageParam: 0,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ $top: String(PAGE), $skip: String(pageParam) });
      if (filters.resource) query.set("resource", filters.resource);
      if (filters.actorLabel) query.set("actorLabel", filters.actorLabel);
      if (filters.action) query.set("action", filters.action);
      return managementFetch<Page<AuditEntryContract>>(`/auditLogs?${query}`);
    },
    getNextPageParam: (last, pages) => (last.nextLink ? pages.length * PAGE : undefined),
  });
  const rows = entries.data?.pages.flatMap((p) => p.value) ?? [];
  const total = entries.data?.pages[0]?.count ?? 0;
  const filtered = filters.resource !== "" || filters.actorLabel !== "" || filters.action !== "";

  let body;
  if (resourceInvalid) body = null;
  else if (entries.isPending) body = <ListSkeleton label="Loading the audit log" />;
  else if (entries.isError) body = <ErrorNotice>The audit log could not be loaded: {entries.error.message}</ErrorNotice>;
  else if (rows.length === 0)
    body = (
      <EmptyState
        icon={<AuditIcon className="h-6 w-6" />}
        title={filtered ? "No entries match these filters" : "Nothing has changed yet"}
        description={filtered ? "Resource filters match the resource and everything under it, e.g. /apis/echo." : "Every change made through the portal, the API or the CLI is recorded here."}
      />
    );
  else
    body = (
      <>
        <Table aria-label="Audit log">
          <THead>
            <TR>
              <TH>
                Time <TimeZoneNote className="font-normal text-slate-500 normal-case" />
              </TH>
              <TH>Actor</TH>
              <TH>Action</TH>
              <TH>Resource</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((entry) => {
              const p = entry.properties;
              return (
                <TR
                  key={entry.name}
                  tabIndex={0}
                  aria-label={`${p.action} ${p.resource} by ${p.actor.label}`}
                  className="cursor-pointer transition-colors hover:bg-slate-50 focus:bg-indigo-50/60 focus:outline-none"
                  onClick={() => setOpen(entry)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      setOpen(entry);
                    }
                  }}
                >
                  <TD className="whitespace-nowrap text-slate-500">
                    <Timestamp iso={p.time} />
                  </TD>
                  <TD>
                    <span className="text-slate-800">{p.actor.label}</span>
                    <p className="text-xs text-slate-500 capitalize">{p.actor.kind}</p>
                  </TD>
                  <TD>
                    <Badge tone={ACTION_TONES[p.action] ?? "neutral"}>{p.action}</Badge>
                  </TD>
                  <TD className="max-w-md truncate font-mono text-[13px] text-slate-700" title={p.resource}>
                    {p.resource}
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
        <div className="flex items-center justify-between text-sm text-slate-500">
          <span>
            Showing {rows.length} of {total}
          </span>
          {entries.hasNextPage ? (
            <Button variant="secondary" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
              Load older entries
            </Button>
          ) : null}
        </div>
      </>
    );

  return (
    <div className="space-y-4">
      <div className="grid gap-4 rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs sm:grid-cols-3">
        <Field label="Resource" error={resourceInvalid ? "Start with /, e.g. /apis/echo." : null} hint="Matches the resource and everything under it.">
          {(control) => <Input {...control} value={resource} onChange={(e) => setResource(e.target.value)} placeholder="/products/starter" className="font-mono" autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Action">
          {(control) => (
            <Select {...control} value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="">Every action</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Actor" hint="Part of an email or a token's name, as shown in the list.">
          {(control) => <Input {...control} value={actor} onChange={(e) => setActor(e.target.value)} placeholder="dev@example.com" autoComplete="off" spellCheck={false} />}
        </Field>
      </div>
      {body}
      <SidePanel
        open={open !== null}
        onClose={() => setOpen(null)}
        title={
          open ? (
            <span className="flex items-center gap-2">
              <Badge tone={ACTION_TONES[open.properties.action] ?? "neutral"}>{open.properties.action}</Badge>
              <span className="font-mono text-base">{open.properties.resource}</span>
            </span>
          ) : null
        }
        description={open ? `${open.properties.actor.label} (${open.properties.actor.kind}) · ${formatPreciseTime(open.properties.time)}` : null}
      >
        {open ? (
          <div className="grid gap-4 md:grid-cols-2" data-testid="audit-detail">
            <JsonPane title="Before" value={open.properties.before} empty="Nothing: the change created it." />
            <JsonPane title="After" value={open.properties.after} empty="Nothing: the change deleted it." />
          </div>
        ) : null}
      </SidePanel>
    </div>
  );
}

function JsonPane({ title, value, empty }: { title: string; value: unknown; empty: string }) {
  return (
    <section aria-label={title} className="min-w-0">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {value === null || value === undefined ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">{empty}</p>
      ) : (
        <pre tabIndex={0} className="max-h-[70vh] overflow-auto rounded-lg bg-code p-4 font-mono text-xs leading-5 text-code-fg">{JSON.stringify(value, null, 2)}</pre>
      )}
    </section>
  );
}
