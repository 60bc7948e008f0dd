"use client";

import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import type { PolicyDiagnostic, PolicyScope } from "@/gateway/policies/policy";
import { problemSummary } from "../policy-documents";

function StatusDot({ tone }: { tone: "red" | "amber" | "green" }) {
  return (
    <span
      aria-hidden="true"
      className={cn("h-2 w-2 rounded-full", tone === "red" && "bg-red-500", tone === "amber" && "bg-amber-500", tone === "green" && "bg-emerald-500")}
    />
  );
}

/** The line under the editor: the check's verdict (announced politely) and the cursor's place. */
export function PolicyStatusBar({ diagnostics, cursor, scope }: { diagnostics: PolicyDiagnostic[] | null; cursor: { line: number; column: number }; scope: PolicyScope }) {
  const errors = diagnostics?.filter((d) => d.severity === "error").length ?? 0;
  const warnings = diagnostics?.filter((d) => d.severity === "warning").length ?? 0;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 bg-slate-50 px-5 py-2 text-xs text-slate-600">
      <p role="status" aria-live="polite" data-testid="policy-status" className="inline-flex items-center gap-1.5 font-medium">
        {diagnostics === null ? (
          <span className="text-slate-500">Checking…</span>
        ) : errors > 0 ? (
          <>
            <StatusDot tone="red" />
            <span className="text-red-700">{problemSummary({ errors, warnings })}</span>
          </>
        ) : warnings > 0 ? (
          <>
            <StatusDot tone="amber" />
            <span className="text-amber-800">{problemSummary({ errors, warnings })}</span>
          </>
        ) : (
          <>
            <StatusDot tone="green" />
            <span className="text-emerald-700">No problems</span>
          </>
        )}
      </p>
      <p className="flex items-center gap-4 font-mono text-[11px] text-slate-500">
        <span>
          Ln {cursor.line}, Col {cursor.column}
        </span>
        <span className="hidden sm:inline">XML · {scope === "global" ? "All APIs" : scope === "product" ? "Product" : "onHandshake"}</span>
      </p>
    </div>
  );
}

/** One problem in a list: the editor's own check's or the server's. */
export interface ProblemItem {
  key: string;
  severity: "error" | "warning";
  line: number | null;
  column: number | null;
  message: string;
  from: number | null;
  to: number | null;
}

/** The problems as a list under the editor; a click selects the place in the text. */
export function ProblemList({ label, items, onJump, embedded }: { label: string; items: ProblemItem[]; onJump: (from: number, to: number) => void; embedded?: boolean }) {
  return (
    <ul aria-label={label} className={cn("max-h-48 overflow-y-auto", embedded ? "mt-2 space-y-1" : "divide-y divide-slate-100 border-t border-slate-200")}>
      {items.map((item) => {
        const where = item.line !== null ? `Line ${item.line}, column ${item.column}` : null;
        const content = (
          <>
            <span
              aria-hidden="true"
              className={cn(
                "mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded-full text-[10px] font-bold text-on-accent",
                item.severity === "error" ? "bg-red-500" : "bg-amber-500",
              )}
            >
              {item.severity === "error" ? "✕" : "!"}
            </span>
            <span className="min-w-0 text-sm text-slate-800">
              <span className="sr-only">{item.severity === "error" ? "Error: " : "Warning: "}</span>
              {where ? <span className="font-mono text-xs text-slate-500">{where}:</span> : null}{" "}
              {item.message}
            </span>
          </>
        );
        return (
          <li key={item.key}>
            {item.from !== null ? (
              <button
                type="button"
                onClick={() => onJump(item.from!, item.to ?? item.from!)}
                className={cn("flex w-full items-start gap-2.5 text-left hover:bg-slate-50", embedded ? "rounded-md px-2 py-1.5 hover:bg-white/70" : "px-5 py-2", focusRing)}
              >
                {content}
              </button>
            ) : (
              <div className={cn("flex items-start gap-2.5", embedded ? "px-2 py-1.5" : "px-5 py-2")}>{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
