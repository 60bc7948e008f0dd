"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { focusRing } from "@/components/ui/focus";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { EyeIcon, EyeSlashIcon } from "./console-icons";
import { DiagnosisCallout, StatusPill } from "./connection-status";
import type { ConsoleUrl, QueryParam } from "./console-url";
import { KeyHint, type ConsoleVisitor } from "./key-hint";
import { QueryParamsEditor } from "./query-params-editor";
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
  /** The developer portal's visitor; the admin console has none. */
  visitor?: ConsoleVisitor;
}

/** The connection: URL (copyable, key masked), Connect/Disconnect, key, path, subprotocols, query parameters. */
export function ConnectionPanel(props: ConnectionPanelProps) {
  const { state, url, keys, keyIndex, params } = props;
  const busy = state.phase === "connecting" || state.phase === "open" || state.phase === "closing";
  const selectedKey = keyIndex >= 0 ? keys[keyIndex] : undefined;
  const canConnect = url.url !== null && props.subprotocolError === null;

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
      {props.visitor?.keyRequired && keys.length === 0 && (state.phase === "idle" || state.phase === "closed") && !props.diagnosis ? <KeyHint visitor={props.visitor} /> : null}
      <DiagnosisCallout diagnosis={props.diagnosis} state={state} visitor={props.visitor} keySelected={selectedKey !== undefined} />

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

        <QueryParamsEditor params={params} onParams={props.onParams} />
      </fieldset>
    </Card>
  );
}

