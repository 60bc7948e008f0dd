"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { focusRing } from "@/components/ui/focus";
import { PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { EyeIcon, EyeSlashIcon, XMarkIcon } from "./console-icons";
import type { ConsoleUrl, QueryParam } from "./console-url";
import { closeCodeName } from "./format";
import type { ConnectionState, Diagnosis } from "./use-console-socket";

/** A subscription key the console can connect with. */
export interface TestConsoleKey {
  /** "Primary key — Built-in all-access subscription". */
  label: string;
  key: string;
  /** The API's query parameter for the key (`subscriptionKeyParameterNames.query`). */
  queryName: string;
  /** The API's header for the key; shown for reference, since browsers cannot set it. */
  headerName: string;
}

export interface ConnectionPanelProps {
  apiPath: string;
  keys: readonly TestConsoleKey[];
  keyIndex: number;
  onKeyIndex: (index: number) => void;
  restPath: string;
  onRestPath: (value: string) => void;
  params: readonly QueryParam[];
  onParams: (params: QueryParam[]) => void;
  subprotocols: string;
  onSubprotocols: (value: string) => void;
  subprotocolError: string | null;
  url: ConsoleUrl;
  shownUrl: string;
  showKey: boolean;
  onShowKey: (show: boolean) => void;
  state: ConnectionState;
  diagnosis: Diagnosis | null;
  onConnect: () => void;
  onDisconnect: () => void;
}

let rowCounter = 0;
/** A fresh, empty query parameter row. */
export function emptyParam(name = "", value = ""): QueryParam {
  rowCounter += 1;
  return { id: `param-${rowCounter}`, name, value };
}

/** The connection: URL (copyable, key masked), Connect/Disconnect, key, path, subprotocols, query parameters. */
export function ConnectionPanel(props: ConnectionPanelProps) {
  const { state, url, keys, keyIndex, params } = props;
  const busy = state.phase === "connecting" || state.phase === "open" || state.phase === "closing";
  const selectedKey = keyIndex >= 0 ? keys[keyIndex] : undefined;
  const nameRefs = useRef(new Map<string, HTMLInputElement | null>());
  const canConnect = url.url !== null && props.subprotocolError === null;

  const addParam = () => {
    const row = emptyParam();
    props.onParams([...params, row]);
    // Focus the new row's name once it is rendered.
    requestAnimationFrame(() => nameRefs.current.get(row.id)?.focus());
  };
  const updateParam = (id: string, change: Partial<QueryParam>) => props.onParams(params.map((p) => (p.id === id ? { ...p, ...change } : p)));
  const removeParam = (index: number) => {
    const next = params.filter((_, i) => i !== index);
    props.onParams(next);
    const focusTarget = next[Math.min(index, next.length - 1)];
    requestAnimationFrame(() => (focusTarget ? nameRefs.current.get(focusTarget.id)?.focus() : undefined));
  };

  const queryStart = props.shownUrl.indexOf("?");
  const base = queryStart < 0 ? props.shownUrl : props.shownUrl.slice(0, queryStart);
  const query = queryStart < 0 ? "" : props.shownUrl.slice(queryStart);

  return (
    <Card title="Connection" description="The handshake goes through the gateway, with its policies, to the backend." actions={<StatusPill state={state} />}>
      <div className="flex flex-col gap-3 @3xl:flex-row @3xl:items-start">
        <div className="flex min-w-0 flex-1 items-start gap-2 rounded-lg border border-slate-200 bg-slate-50 py-1.5 pr-1.5 pl-3">
          <span className="mt-1 shrink-0 rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">
            GET
          </span>
          <output aria-label="Request URL" data-testid="console-url" className="mt-0.5 min-w-0 flex-1 py-0.5 font-mono text-[13px] leading-5 break-all">
            <span className="text-slate-900">{base}</span>
            <span className="text-slate-500">{query}</span>
          </output>
          <div className="flex shrink-0 items-center gap-1">
            {selectedKey && !url.keyOverridden ? (
              <button
                type="button"
                onClick={() => props.onShowKey(!props.showKey)}
                aria-pressed={props.showKey}
                aria-label={props.showKey ? "Hide the key in the URL" : "Show the key in the URL"}
                title={props.showKey ? "Hide key" : "Show key"}
                className={cn("rounded-md p-1.5 text-slate-500 hover:bg-white hover:text-slate-800", focusRing)}
              >
                {props.showKey ? <EyeSlashIcon /> : <EyeIcon />}
              </button>
            ) : null}
            {url.url ? <CopyButton text={url.url} tone="light" label="Copy" ariaLabel="Copy the URL (with the key)" /> : null}
          </div>
        </div>
        <div className="flex shrink-0 gap-2">
          {state.phase === "open" ? (
            <Button variant="danger-outline" onClick={props.onDisconnect} className="w-full @3xl:w-36">
              Disconnect
            </Button>
          ) : state.phase === "connecting" ? (
            <>
              <Button disabled aria-live="polite" className="flex-1 @3xl:w-36" icon={<Spinner className="h-4 w-4" />}>
                Connecting…
              </Button>
              <Button variant="secondary" onClick={props.onDisconnect}>
                Cancel
              </Button>
            </>
          ) : state.phase === "closing" ? (
            <Button disabled className="w-full @3xl:w-36" icon={<Spinner className="h-4 w-4" />}>
              Disconnecting…
            </Button>
          ) : (
            <Button onClick={props.onConnect} disabled={!canConnect} className="w-full @3xl:w-36">
              Connect
            </Button>
          )}
        </div>
      </div>
      {url.error ? <p className="mt-2 text-sm text-red-700">{url.error}</p> : null}
      <DiagnosisCallout diagnosis={props.diagnosis} state={state} />

      <fieldset disabled={busy} className="mt-5 space-y-5">
        <legend className="sr-only">Connection settings</legend>
        {busy ? <p className="-mt-1 text-xs text-slate-500">Disconnect to change the connection settings.</p> : null}
        <div className="grid gap-5 @3xl:grid-cols-3">
          <Field
            label="Subscription key"
            hint={
              url.keyOverridden && selectedKey ? (
                <>Your <code className="font-mono text-xs">{selectedKey.queryName}</code> parameter below is sent instead.</>
              ) : selectedKey ? (
                <>
                  In <code className="font-mono text-xs">?{selectedKey.queryName}=</code>: a browser cannot send the{" "}
                  <code className="font-mono text-xs">{selectedKey.headerName}</code> header.
                </>
              ) : (
                "The handshake carries no key."
              )
            }
          >
            {(control) => (
              <Select {...control} value={String(keyIndex)} onChange={(e) => props.onKeyIndex(Number(e.target.value))}>
                {keys.map((k, i) => (
                  <option key={`${k.label}-${i}`} value={String(i)}>
                    {k.label}
                  </option>
                ))}
                <option value="-1">No subscription key</option>
              </Select>
            )}
          </Field>
          <Field label="Path" aside="Optional" hint="Passed on to the backend after its URL.">
            {(control) => (
              <Input
                {...control}
                prefix={`/${props.apiPath.replace(/^\/+/, "")}`}
                placeholder="/rooms/1"
                value={props.restPath}
                onChange={(e) => props.onRestPath(e.target.value)}
                spellCheck={false}
                autoComplete="off"
              />
            )}
          </Field>
          <Field label="Subprotocols" aside="Optional" hint="Comma-separated, in order of preference." error={props.subprotocolError}>
            {(control) => (
              <Input
                {...control}
                placeholder="e.g. chat, mqtt"
                value={props.subprotocols}
                onChange={(e) => props.onSubprotocols(e.target.value)}
                spellCheck={false}
                autoComplete="off"
                className="font-mono"
              />
            )}
          </Field>
        </div>

        <div role="group" aria-labelledby="console-query-heading">
          <div className="flex items-baseline justify-between gap-3">
            <h3 id="console-query-heading" className="text-sm font-medium text-slate-800">
              Query parameters
            </h3>
            <span className="text-xs text-slate-500">Optional</span>
          </div>
          {params.length === 0 ? (
            <p className="mt-1.5 text-sm text-slate-500">None. The backend receives every parameter except the subscription key.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {params.map((p, i) => (
                <li key={p.id} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-center gap-2">
                  <Input
                    ref={(el) => {
                      nameRefs.current.set(p.id, el);
                    }}
                    aria-label={`Parameter ${i + 1} name`}
                    placeholder="name"
                    value={p.name}
                    onChange={(e) => updateParam(p.id, { name: e.target.value })}
                    spellCheck={false}
                    autoComplete="off"
                    className="font-mono"
                  />
                  <Input
                    aria-label={`Parameter ${i + 1} value`}
                    placeholder="value"
                    value={p.value}
                    onChange={(e) => updateParam(p.id, { value: e.target.value })}
                    spellCheck={false}
                    autoComplete="off"
                    className="font-mono"
                  />
                  <button
                    type="button"
                    onClick={() => removeParam(i)}
                    aria-label={`Remove parameter ${i + 1}${p.name ? ` (${p.name})` : ""}`}
                    className={cn("rounded-md p-2 text-slate-400 hover:bg-slate-100 hover:text-slate-700 disabled:opacity-50", focusRing)}
                  >
                    <XMarkIcon />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <Button variant="ghost" size="sm" onClick={addParam} icon={<PlusIcon className="h-4 w-4" />} className="mt-2 -ml-2">
            Add parameter
          </Button>
        </div>
      </fieldset>
    </Card>
  );
}

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
function DiagnosisCallout({ diagnosis, state }: { diagnosis: Diagnosis | null; state: ConnectionState }) {
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
