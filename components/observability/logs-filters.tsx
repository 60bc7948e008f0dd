"use client";

import { useEffect, useRef, useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { responseCodeError, type LogTextFilter, type LogTimeKey, type LogView } from "./log-filters";
import { RANGE_PRESETS, toLocalInput } from "./time-range";
import { ApiFilter, GatewayFilter } from "./traffic-filters";
import type { UrlPatch } from "./use-url-state";

/**
 * The log explorer's filter bar. Every filter is in the URL: a choice is a history entry (back
 * undoes it), typing is written once it stops; every change goes back to the first page.
 */
export function LogsFilters({ view, update }: { view: LogView; update: (patch: UrlPatch, mode?: "push" | "replace") => void }) {
  const choose = (patch: UrlPatch) => update({ ...patch, skip: null });
  const typed = (patch: UrlPatch) => update({ ...patch, skip: null }, "replace");
  const [code, setCode] = useTextParam("responseCode", view.responseCode, typed);
  const [subscription, setSubscription] = useTextParam("subscriptionId", view.subscriptionId, typed);
  const [ip, setIp] = useTextParam("callerIp", view.callerIp, typed);
  const codeError = responseCodeError(view.responseCode);

  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
        <Field label="API">{(control) => <ApiFilter {...control} value={view.apiId} onChange={(apiId) => choose({ apiId })} />}</Field>
        <Field label="Gateway">{(control) => <GatewayFilter {...control} value={view.gatewayId} onChange={(gatewayId) => choose({ gatewayId })} />}</Field>
        <Field label="Response code" error={codeError}>
          {(control) => <Input {...control} value={code} inputMode="numeric" onChange={(e) => setCode(e.target.value)} placeholder="e.g. 401" autoComplete="off" />}
        </Field>
        <Field label="Subscription">
          {(control) => (
            <Input {...control} value={subscription} onChange={(e) => setSubscription(e.target.value)} placeholder="Subscription id" autoComplete="off" spellCheck={false} />
          )}
        </Field>
        <Field label="Client IP">
          {(control) => <Input {...control} value={ip} onChange={(e) => setIp(e.target.value)} placeholder="203.0.113.7" className="font-mono" autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Time">
          {(control) => (
            <Select
              {...control}
              value={view.time}
              onChange={(e) => {
                const time = e.target.value as LogTimeKey;
                // A custom window starts as the last hour, written down so a reload keeps it.
                const now = Date.now();
                choose(time === "custom" ? { range: time, from: toLocalInput(now - 3600_000), to: toLocalInput(now) } : { range: time, from: null, to: null });
              }}
            >
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
      {view.time === "custom" || view.lastErrorReason ? (
        <div className="mt-4 flex flex-wrap items-center gap-3">
          {view.time === "custom" ? (
            <>
              <Input type="datetime-local" aria-label="From" value={view.from} onChange={(e) => typed({ from: e.target.value })} className="h-9 w-auto" />
              <span className="text-sm text-slate-500">to</span>
              <Input type="datetime-local" aria-label="To" value={view.to} onChange={(e) => typed({ to: e.target.value })} className="h-9 w-auto" />
            </>
          ) : null}
          {view.lastErrorReason ? (
            <span className="inline-flex items-center gap-2 rounded-md bg-slate-100 px-2 py-1 text-sm text-slate-700">
              Reason: <span className="font-medium">{view.lastErrorReason}</span>
              <button type="button" className="text-slate-500 hover:text-slate-900" aria-label="Clear the reason filter" onClick={() => choose({ lastErrorReason: null })}>
                ×
              </button>
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A text filter typed locally and written to the URL 300 ms after typing stops; a URL change
 * from elsewhere (back, a link) replaces what the field shows.
 */
function useTextParam(name: LogTextFilter, value: string, write: (patch: UrlPatch) => void): [string, (text: string) => void] {
  const [text, setText] = useState(value);
  const written = useRef(value);
  useEffect(() => {
    if (value === written.current) return;
    written.current = value;
    setText(value);
  }, [value]);
  const debounced = useDebouncedValue(text, 300);
  useEffect(() => {
    if (debounced === written.current) return;
    written.current = debounced;
    write({ [name]: debounced.trim() });
    // `write` changes with every URL; only a new debounced value is a reason to write.
  }, [debounced]);
  return [text, setText];
}
