"use client";

import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { closeCodeName } from "./format";
import type { ConsoleVisitor } from "./key-hint";
import type { ConnectionState, Diagnosis } from "./use-console-socket";

/** Where the connection is, in a word and a colour. */
export function StatusPill({ state }: { state: ConnectionState }) {
  const look = (() => {
    switch (state.phase) {
      case "idle":
        return { dot: "bg-slate-400", tone: "bg-slate-100 text-slate-700 ring-slate-500/15", text: "Not connected" };
      case "connecting":
        return { dot: "bg-amber-500 animate-pulse", tone: "bg-amber-50 text-amber-800 ring-amber-600/20", text: "Connecting…" };
      case "open":
        return {
          dot: "bg-emerald-500",
          tone: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
          text: state.protocol ? `Connected · ${state.protocol}` : "Connected",
        };
      case "closing":
        return { dot: "bg-amber-500 animate-pulse", tone: "bg-amber-50 text-amber-800 ring-amber-600/20", text: "Disconnecting…" };
      case "closed":
        return { dot: "bg-slate-400", tone: "bg-slate-100 text-slate-700 ring-slate-500/15", text: `Closed · ${state.code} ${closeCodeName(state.code)}` };
      case "failed":
        return { dot: "bg-red-500", tone: "bg-red-50 text-red-700 ring-red-600/20", text: "Handshake failed" };
    }
  })();
  return (
    <span
      role="status"
      data-testid="console-status"
      className={cn("inline-flex shrink-0 items-center gap-2 rounded-full px-2.5 py-1 text-xs font-medium whitespace-nowrap ring-1 ring-inset", look.tone)}
    >
      <span className={cn("h-2 w-2 rounded-full", look.dot)} aria-hidden="true" />
      {look.text}
    </span>
  );
}

/** Why the last handshake failed, from the gateway's log (or why we cannot say). */
export function DiagnosisCallout({ diagnosis, state, visitor, keySelected }: { diagnosis: Diagnosis | null; state: ConnectionState; visitor?: ConsoleVisitor; keySelected: boolean }) {
  if (!diagnosis || (state.phase !== "failed" && state.phase !== "idle")) return null;
  const box = "mt-4 flex items-start gap-3 rounded-lg px-4 py-3 text-sm ring-1 ring-inset";
  switch (diagnosis.kind) {
    case "looking":
      return (
        <div className={cn(box, "bg-slate-50 text-slate-700 ring-slate-200")} role="status">
          <Spinner className="mt-0.5 h-4 w-4 shrink-0 text-slate-500" />
          <p>The handshake failed. Asking the gateway why…</p>
        </div>
      );
    case "explained":
      return (
        <div className={cn(box, "bg-red-50 text-red-900 ring-red-600/20")} role="alert" data-testid="console-diagnosis">
          <Dot className="bg-red-500" />
          <div className="min-w-0">
            <p className="font-semibold break-words">{diagnosis.explanation.headline}</p>
            {diagnosis.explanation.detail ? <p className="mt-1 text-red-800/90">{diagnosis.explanation.detail}</p> : null}
            <p className="mt-1 text-xs text-red-700/70">
              From the gateway&apos;s log · trace <code className="font-mono">{diagnosis.traceId}</code>
            </p>
          </div>
        </div>
      );
    case "missing":
      return (
        <div className={cn(box, "bg-amber-50 text-amber-900 ring-amber-600/20")} role="alert" data-testid="console-diagnosis">
          <Dot className="bg-amber-500" />
          <div>
            <p className="font-semibold">The handshake never reached the gateway.</p>
            <p className="mt-1 text-amber-900/80">
              The gateway logged nothing for it. Check that the gateway runs at this address and port, that its certificate is trusted (wss://), and
              that no proxy in between refuses WebSockets.
            </p>
          </div>
        </div>
      );
    case "unauthorized":
      return (
        <div className={cn(box, "bg-amber-50 text-amber-900 ring-amber-600/20")} role="alert" data-testid="console-diagnosis">
          <Dot className="bg-amber-500" />
          <p>The handshake failed. Sign in again to see the gateway&apos;s reason.</p>
        </div>
      );
    case "signed-out":
      return (
        <div className={cn(box, "bg-amber-50 text-amber-900 ring-amber-600/20")} role="alert" data-testid="console-diagnosis">
          <Dot className="bg-amber-500" />
          {visitor?.keyRequired && !keySelected ? (
            <p>
              The gateway refused the handshake: this API needs a subscription key.{" "}
              <Link href={visitor.signInHref} className="font-semibold underline">
                Sign in
              </Link>{" "}
              and subscribe to a product that contains it to get one.
            </p>
          ) : (
            <p>
              The handshake failed.{" "}
              <Link href={visitor?.signInHref ?? "/signin"} className="font-semibold underline">
                Sign in
              </Link>{" "}
              to see the gateway&apos;s reason.
            </p>
          )}
        </div>
      );
    case "unavailable":
      return (
        <div className={cn(box, "bg-amber-50 text-amber-900 ring-amber-600/20")} role="alert" data-testid="console-diagnosis">
          <Dot className="bg-amber-500" />
          <p>The handshake failed, and the gateway&apos;s log could not be read (HTTP {diagnosis.status}).</p>
        </div>
      );
    case "refused-by-browser":
      return (
        <div className={cn(box, "bg-red-50 text-red-900 ring-red-600/20")} role="alert" data-testid="console-diagnosis">
          <Dot className="bg-red-500" />
          <p>
            <span className="font-semibold">The browser refused to connect.</span> {diagnosis.message}
          </p>
        </div>
      );
  }
}

function Dot({ className }: { className: string }) {
  return <span className={cn("mt-1.5 h-2 w-2 shrink-0 rounded-full", className)} aria-hidden="true" />;
}
