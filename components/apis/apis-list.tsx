"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus";
import { ApisIcon, PlusIcon, SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { ApiContract } from "@/server/apis/api.schemas";
import { useApis } from "./api-queries";
import { SchemeBadges } from "./scheme-badges";

function matches(api: ApiContract, query: string): boolean {
  const haystack = [api.name, api.properties.displayName, api.properties.path, api.properties.serviceUrl, api.properties.description]
    .join(" ")
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** The APIs, searchable as you type (press "/" to search). */
export function ApisList() {
  const apis = useApis();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const search = useRef<HTMLInputElement>(null);
  const visible = useMemo(() => (apis.data ?? []).filter((api) => matches(api, query)), [apis.data, query]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) && !target.isContentEditable) {
        event.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (apis.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Loading APIs">
        <div className="h-10 w-80 animate-pulse rounded-lg bg-slate-200/70" />
        <div className="h-48 animate-pulse rounded-xl bg-slate-200/50" />
      </div>
    );
  }
  if (apis.isError) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
        The APIs could not be loaded: {apis.error.message}
      </div>
    );
  }
  if (apis.data.length === 0) {
    return (
      <EmptyState
        icon={<ApisIcon className="h-6 w-6" />}
        title="No APIs yet"
        description="Add a WebSocket API to put a backend behind the gateway, secure its handshake with policies and publish it to developers."
        action={
          <ButtonLink href="/admin/apis/new" icon={<PlusIcon className="h-4 w-4" />}>
            Add API
          </ButtonLink>
        }
      />
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="relative w-full max-w-sm">
          <label htmlFor="api-search" className="sr-only">
            Search APIs
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
          <Input
            id="api-search"
            ref={search}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search by name, suffix or backend"
            className="pl-9"
            autoComplete="off"
          />
          <kbd className="pointer-events-none absolute top-1/2 right-3 hidden -translate-y-1/2 rounded border border-slate-200 bg-slate-50 px-1.5 font-mono text-[11px] text-slate-500 sm:block">
            /
          </kbd>
        </div>
        <p className="text-sm text-slate-500" aria-live="polite">
          {query ? `${visible.length} of ${apis.data.length} APIs` : `${apis.data.length} API${apis.data.length === 1 ? "" : "s"}`}
        </p>
      </div>

      {visible.length === 0 ? (
        <EmptyState
          icon={<SearchIcon className="h-6 w-6" />}
          title={`No APIs match “${query}”`}
          description="Try another word, or clear the search to see every API."
        />
      ) : (
        <Table aria-label="APIs">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>URL suffix</TH>
              <TH className="hidden md:table-cell">Backend</TH>
              <TH>Scheme</TH>
              <TH>Access</TH>
            </TR>
          </THead>
          <TBody>
            {visible.map((api) => {
              const href = `/admin/apis/${encodeURIComponent(api.name)}`;
              return (
                <TR key={api.name} className="cursor-pointer transition-colors hover:bg-slate-50" onClick={() => router.push(href)}>
                  <TD>
                    <Link href={href} className={cn("rounded font-medium text-slate-900 hover:text-indigo-700", focusRing)} onClick={(e) => e.stopPropagation()}>
                      {api.properties.displayName}
                    </Link>
                    <p className="font-mono text-xs text-slate-500">{api.name}</p>
                  </TD>
                  <TD className="font-mono text-[13px]">/{api.properties.path}</TD>
                  <TD className="hidden max-w-xs truncate font-mono text-[13px] text-slate-500 md:table-cell" title={api.properties.serviceUrl}>
                    {api.properties.serviceUrl}
                  </TD>
                  <TD>
                    <SchemeBadges protocols={api.properties.protocols} />
                  </TD>
                  <TD>{api.properties.subscriptionRequired ? <Badge tone="indigo">Subscription</Badge> : <Badge tone="amber">Open</Badge>}</TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </div>
  );
}
