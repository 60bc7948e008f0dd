"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ConnectionPanel, type TestConsoleKey } from "./connection-panel";
import { buildConsoleUrl, parseSubprotocols, type QueryParam } from "./console-url";
import type { ConsoleVisitor } from "./key-hint";
import { initialKeyIndex, keyIndexAfterChange } from "./key-selection";
import { OutputView } from "./output-view";
import { parsePayload, type ParsedPayload } from "./payload";
import { PayloadComposer, type HistoryItem } from "./payload-composer";
import { useConsoleSocket } from "./use-console-socket";
import { usePayloadDraft } from "./use-payload-draft";
import { loadHistory, rememberSent, saveHistory } from "./sent-history";

export type { TestConsoleKey } from "./connection-panel";

export interface TestConsoleProps {
  /** The gateway's public URL (`PORTCULLIS_PUBLIC_GATEWAY_URL`), e.g. `wss://gateway.example.com`. */
  gatewayUrl: string;
  /** The API's URL suffix (`properties.path`). */
  apiPath: string;
  /** Keys to pick from; the console also offers "No subscription key". */
  keys: readonly TestConsoleKey[];
  /** The key selected at first; default the first one (or none when there are none). */
  defaultKeyIndex?: number;
  /** Where to read handshake traces; default `/api/portal/handshake-traces` on the portal's origin. */
  traceEndpoint?: string;
  /** The developer portal's visitor: told before connecting how to get a key the API needs. */
  visitor?: ConsoleVisitor;
}

/**
 * The WebSocket test console of both portals: build the URL (query parameters, subprotocols, a
 * key), connect through the gateway, send text, JSON or binary, watch the output, and, when the
 * handshake fails, read the gateway's own reason for it (the browser hides the HTTP status).
 */
export function TestConsole({ gatewayUrl, apiPath, keys, defaultKeyIndex, traceEndpoint, visitor }: TestConsoleProps) {
  const socket = useConsoleSocket({ traceEndpoint, signedOut: visitor !== undefined && !visitor.signedIn });
  const socketSend = socket.send;
  const [keyIndex, setKeyIndex] = useState(() => initialKeyIndex(keys, defaultKeyIndex));
  const [restPath, setRestPath] = useState("");
  const [params, setParams] = useState<QueryParam[]>([]);
  const [subprotocols, setSubprotocols] = useState("");
  const [showKey, setShowKey] = useState(false);
  const composer = usePayloadDraft();
  const [history, setHistory] = useState<HistoryItem[]>([]);

  // Keys may arrive after the first render (a subscription made on this page, the page refreshed):
  // select the first new one, so the console connects with the key just obtained; otherwise keep
  // the selection inside the list.
  const seenKeys = useRef(keys);
  useEffect(() => {
    const previous = seenKeys.current;
    seenKeys.current = keys;
    setKeyIndex((current) => keyIndexAfterChange(previous, keys, current, defaultKeyIndex));
  }, [keys, defaultKeyIndex]);

  // The typed history survives a reload, per API (files are not kept: their bytes may be large).
  useEffect(() => setHistory(loadHistory(apiPath)), [apiPath]);
  const updateHistory = useCallback(
    (change: (history: HistoryItem[]) => HistoryItem[]) =>
      setHistory((current) => {
        const next = change(current);
        saveHistory(apiPath, next);
        return next;
      }),
    [apiPath],
  );

  const selected = keyIndex >= 0 ? keys[keyIndex] : undefined;
  const url = useMemo(
    () => buildConsoleUrl({ gatewayUrl, apiPath, restPath, params, key: selected ? { queryName: selected.queryName, key: selected.key } : null }),
    [gatewayUrl, apiPath, restPath, params, selected],
  );
  const protocols = useMemo(() => parseSubprotocols(subprotocols), [subprotocols]);

  const connected = socket.state.phase === "open";

  const connect = () => {
    if (!url.url || !protocols.ok) return;
    socket.connect(url.url, protocols.protocols, url.display);
  };

  const sendParsed = useCallback(
    (payload: ParsedPayload, item: Omit<HistoryItem, "id" | "size">) => {
      if (!payload.ok) return;
      if (socketSend(payload.data, payload.size)) updateHistory((h) => rememberSent(h, { ...item, size: payload.size }));
    },
    [socketSend, updateHistory],
  );

  const send = () => sendParsed(composer.parsed, composer.sentItem());

  const resend = (item: HistoryItem) => {
    const payload: ParsedPayload = item.bytes ? { ok: true, kind: "binary", data: item.bytes, size: item.bytes.length } : parsePayload(item.mode, item.encoding, item.draft);
    sendParsed(payload, item);
  };

  return (
    <div className="@container space-y-6" data-testid="test-console">
      <ConnectionPanel
        apiPath={apiPath}
        keys={keys}
        keyIndex={keyIndex}
        onKeyIndex={setKeyIndex}
        restPath={restPath}
        onRestPath={setRestPath}
        params={params}
        onParams={setParams}
        subprotocols={subprotocols}
        onSubprotocols={setSubprotocols}
        subprotocolError={protocols.ok ? null : protocols.error}
        url={url}
        shownUrl={showKey && url.url ? url.url : url.display}
        showKey={showKey}
        onShowKey={setShowKey}
        state={socket.state}
        diagnosis={socket.diagnosis}
        onConnect={connect}
        onDisconnect={socket.disconnect}
        visitor={visitor}
      />
      <OutputView entries={socket.entries} onClear={socket.clear} />
      <PayloadComposer payload={composer} connected={connected} onSend={send} history={history} onResend={resend} onClearHistory={() => updateHistory(() => [])} />
    </div>
  );
}
