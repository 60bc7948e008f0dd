"use client";

import { memo, useDeferredValue, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { SearchIcon } from "@/components/ui/icons";
import { ArrowDownIcon } from "./console-icons";
import { formatClock } from "./format";
import { matchesFilter, MAX_ENTRIES, PREVIEW_BYTES, sizeLabel, type LogEntry } from "./output-log";

const DIRECTION = {
  sent: { arrow: "↑", word: "sent" },
  received: { arrow: "↓", word: "received" },
  system: { arrow: "•", word: "system" },
} as const;

/** Chip colours by what happened. */
function chipTone(entry: LogEntry): string {
  if (entry.type === "error") return "bg-red-50 text-red-700 ring-red-600/20";
  if (entry.type === "open") return "bg-emerald-50 text-emerald-700 ring-emerald-600/20";
  if (entry.type === "close") return "bg-amber-50 text-amber-800 ring-amber-600/20";
  if (entry.direction === "sent") return "bg-indigo-50 text-indigo-700 ring-indigo-600/20";
  if (entry.direction === "received") return "bg-sky-50 text-sky-800 ring-sky-600/20";
  return "bg-slate-100 text-slate-600 ring-slate-500/15";
}

/** The output log: filter, clear, timestamps, direction, type, size; follows new lines unless scrolled up. */
export function OutputView({ entries, onClear }: { entries: readonly LogEntry[]; onClear: () => void }) {
  const [filter, setFilter] = useState("");
  const deferredFilter = useDeferredValue(filter);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const seen = useRef(0);
  const [unseen, setUnseen] = useState(0);
  const shown = deferredFilter.trim() === "" ? entries : entries.filter((e) => matchesFilter(e, deferredFilter));
  const lastId = entries.length > 0 ? entries[entries.length - 1]!.id : 0;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (pinned.current) {
      el.scrollTop = el.scrollHeight;
      seen.current = lastId;
      setUnseen(0);
    } else {
      setUnseen(entries.filter((e) => e.id > seen.current).length);
    }
  }, [lastId, entries, shown.length]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (pinned.current) {
      seen.current = lastId;
      setUnseen(0);
    }
  };
  const jumpToLatest = () => {
    pinned.current = true;
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    seen.current = lastId;
    setUnseen(0);
  };

  const count =
    entries.length === 0
      ? "Connection events and messages, newest last."
      : shown.length === entries.length
        ? `${entries.length.toLocaleString("en-US")} ${entries.length === 1 ? "entry" : "entries"}${entries.length >= MAX_ENTRIES ? ` (the latest ${MAX_ENTRIES.toLocaleString("en-US")} are kept)` : ""}`
        : `${shown.length.toLocaleString("en-US")} of ${entries.length.toLocaleString("en-US")} entries match`;

  return (
    <Card
      title="Output"
      description={count}
      bodyClassName="p-0!"
      actions={
        <div className="flex shrink-0 items-center gap-2">
          <div className="relative">
            <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-slate-400" />
            <input
              type="search"
              aria-label="Filter output"
              placeholder="Filter"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              className="h-8 w-36 rounded-md border border-slate-300 bg-white pr-2 pl-8 text-sm text-slate-900 shadow-xs outline-none placeholder:text-slate-400 focus:border-indigo-500 focus:ring-3 focus:ring-indigo-500/20 @xl:w-48"
            />
          </div>
          <Button variant="secondary" size="sm" onClick={onClear} disabled={entries.length === 0}>
            Clear
          </Button>
        </div>
      }
    >
      <div className="relative">
        <div
          ref={scroller}
          onScroll={onScroll}
          role="log"
          aria-label="Output"
          tabIndex={0}
          data-testid="console-output"
          className={cn("h-80 min-h-40 resize-y overflow-y-auto rounded-b-xl bg-white font-mono text-xs", focusRing)}
        >
          {entries.length === 0 ? (
            <p className="px-5 py-10 text-center font-sans text-sm text-slate-400">Nothing yet. Connect, then send a message.</p>
          ) : shown.length === 0 ? (
            <p className="px-5 py-10 text-center font-sans text-sm text-slate-400">No entry matches “{deferredFilter}”.</p>
          ) : (
            <ol className="divide-y divide-slate-100">
              {shown.map((entry) => (
                <Row key={entry.id} entry={entry} />
              ))}
            </ol>
          )}
        </div>
        {unseen > 0 ? (
          <button
            type="button"
            onClick={jumpToLatest}
            className={cn(
              "absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-accent px-3 py-1.5 text-xs font-semibold text-on-accent shadow-md hover:bg-accent-hover",
              focusRing,
            )}
          >
            <ArrowDownIcon className="h-3.5 w-3.5" />
            {unseen} new
          </button>
        ) : null}
      </div>
    </Card>
  );
}

const Row = memo(function Row({ entry }: { entry: LogEntry }) {
  const direction = DIRECTION[entry.direction];
  return (
    <li
      className={cn(
        "grid grid-cols-[6.25rem_5.25rem_minmax(0,1fr)] gap-x-3 px-4 py-1.5 @xl:grid-cols-[6.25rem_5.25rem_4.5rem_minmax(0,1fr)]",
        entry.type === "error" && "bg-red-50/40",
      )}
      data-testid="output-entry"
      data-direction={entry.direction}
      data-type={entry.type}
    >
      <time dateTime={new Date(entry.time).toISOString()} className="pt-px text-slate-400 tabular-nums">
        {formatClock(entry.time)}
      </time>
      <span className={cn("inline-flex h-5 items-center gap-1 self-start justify-self-start rounded px-1.5 text-[11px] font-medium ring-1 ring-inset", chipTone(entry))}>
        <span aria-hidden="true">{direction.arrow}</span>
        <span className="sr-only">{direction.word}</span>
        {entry.type}
      </span>
      <span className="hidden pt-px text-right text-slate-500 tabular-nums @xl:block">{sizeLabel(entry)}</span>
      <Content entry={entry} />
    </li>
  );
});

function Content({ entry }: { entry: LogEntry }) {
  if (entry.type === "binary") {
    const cut = entry.size !== null && entry.size > PREVIEW_BYTES;
    return (
      <div className="min-w-0 pt-px">
        <span className="break-words text-slate-800">{entry.hex || "(empty)"}</span>
        {cut ? <span className="text-slate-400"> …</span> : null}
        <span className="mt-0.5 block text-slate-400">
          {entry.ascii ? <span className="break-all">{entry.ascii}</span> : null}
          <span className="font-sans">
            {entry.ascii ? " · " : ""}
            {cut ? `first ${PREVIEW_BYTES} of ${entry.size!.toLocaleString("en-US")} bytes` : `${entry.size} ${entry.size === 1 ? "byte" : "bytes"}`}
          </span>
        </span>
      </div>
    );
  }
  const system = entry.direction === "system";
  return (
    <div className={cn("min-w-0 pt-px break-words whitespace-pre-wrap", system ? "font-sans text-[13px] leading-5" : "text-slate-800", system && (entry.type === "error" ? "text-red-800" : "text-slate-600"))}>
      {entry.text === "" && !system ? <span className="text-slate-400 italic">(empty)</span> : entry.text}
      {entry.truncatedFrom ? <span className="font-sans text-slate-400"> … {(entry.truncatedFrom - entry.text.length).toLocaleString("en-US")} more characters</span> : null}
      {!system ? <span className="ml-2 text-slate-400 @xl:hidden">{sizeLabel(entry)}</span> : null}
    </div>
  );
}
