"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type ComponentProps, type HTMLAttributes, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus";
import { SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { countText, matchesQuery } from "./list-search";

/** One column: its header and what each row shows in it. */
export interface Column<T> {
  header: ReactNode;
  /** Classes of the header cell and, unless `cellClassName` is given, of the row cells. */
  className?: string;
  cellClassName?: string;
  cell: (item: T) => ReactNode;
}

/** The search box above the table. */
export interface ListSearch<T> {
  id: string;
  /** The box's accessible name, "Search APIs". */
  label: string;
  placeholder: string;
  /** The text a row is found by. */
  text: (item: T) => string;
  /** Under "No … match" when nothing matches. */
  noMatchHint: string;
  /** "/" focuses the box (shown as a key cap in it). */
  slashShortcut?: boolean;
}

/**
 * The shell every resource list shares: skeleton while loading, the error, the empty state,
 * an optional search box with its count, and the table with rows that open their page.
 */
export function ResourceTable<T extends { name: string }>({
  query,
  noun,
  label,
  empty,
  columns,
  rowHref,
  rowProps,
  search,
  sort,
}: {
  query: UseQueryResult<T[]>;
  /** What the rows are, as the texts say them: "Loading APIs", "The APIs could not be loaded", "3 APIs". */
  noun: { one: string; many: string };
  /** The table's accessible name, "APIs". */
  label: string;
  /** What shows when there are no rows at all (null: nothing). */
  empty: ComponentProps<typeof EmptyState> | null;
  columns: Column<T>[];
  /** A row's page: a click anywhere on the row opens it. */
  rowHref?: (item: T) => string;
  rowProps?: (item: T) => HTMLAttributes<HTMLTableRowElement> & { "data-testid"?: string };
  search?: ListSearch<T>;
  sort?: (a: T, b: T) => number;
}) {
  const router = useRouter();
  const [text, setText] = useState("");
  const rows = useMemo(() => {
    const all = [...(query.data ?? [])];
    if (sort) all.sort(sort);
    return search ? all.filter((item) => matchesQuery(search.text(item), text)) : all;
  }, [query.data, search, sort, text]);

  if (query.isPending) return <ListSkeleton label={`Loading ${noun.many}`} />;
  if (query.isError) return <ErrorNotice>{`The ${noun.many} could not be loaded: ${query.error.message}`}</ErrorNotice>;
  if (query.data.length === 0) return empty ? <EmptyState {...empty} /> : null;
  return (
    <div className="space-y-4">
      {search ? <SearchBar search={search} value={text} onChange={setText} count={countText(rows.length, query.data.length, text !== "", noun)} /> : null}
      {search && rows.length === 0 ? (
        <EmptyState icon={<SearchIcon className="h-6 w-6" />} title={`No ${noun.many} match “${text}”`} description={search.noMatchHint} />
      ) : (
        <Table aria-label={label}>
          <THead>
            <TR>
              {columns.map((column, i) => (
                <TH key={i} className={column.className}>
                  {column.header}
                </TH>
              ))}
            </TR>
          </THead>
          <TBody>
            {rows.map((item) => {
              const href = rowHref?.(item);
              const extra = rowProps?.(item) ?? {};
              return (
                <TR
                  key={item.name}
                  {...extra}
                  className={cn(href && "cursor-pointer transition-colors hover:bg-slate-50", extra.className)}
                  onClick={href ? () => router.push(href) : undefined}
                >
                  {columns.map((column, i) => (
                    <TD key={i} className={column.cellClassName ?? column.className}>
                      {column.cell(item)}
                    </TD>
                  ))}
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </div>
  );
}

/** A row's first cell: the name linking to its page (keyboard users tab to it), and a line under it, the id by default. */
export function RowTitle({ href, title, children }: { href: string; title: ReactNode; children: ReactNode }) {
  return (
    <>
      <Link href={href} className={cn("rounded font-medium text-slate-900 hover:text-indigo-700", focusRing)} onClick={(e) => e.stopPropagation()}>
        {title}
      </Link>
      {children}
    </>
  );
}

function SearchBar<T>({ search, value, onChange, count }: { search: ListSearch<T>; value: string; onChange: (value: string) => void; count: string }) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!search.slashShortcut) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) && !target.isContentEditable) {
        event.preventDefault();
        box.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [search.slashShortcut]);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="relative w-full max-w-sm">
        <label htmlFor={search.id} className="sr-only">
          {search.label}
        </label>
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
        <Input id={search.id} ref={box} type="search" value={value} onChange={(e) => onChange(e.target.value)} placeholder={search.placeholder} className="pl-9" autoComplete="off" />
        {search.slashShortcut ? (
          <kbd className="pointer-events-none absolute top-1/2 right-3 hidden -translate-y-1/2 rounded border border-slate-200 bg-slate-50 px-1.5 font-mono text-[11px] text-slate-500 sm:block">
            /
          </kbd>
        ) : null}
      </div>
      <p className="text-sm text-slate-500" aria-live="polite">
        {count}
      </p>
    </div>
  );
}
