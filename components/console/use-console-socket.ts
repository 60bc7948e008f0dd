"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { newTraceId, withTrace } from "./console-url";
import { closeCodeName } from "./format";
import { explainTrace, lookUpTrace, type Explanation } from "./handshake-explanation";
import { appendEntries, binaryEntry, describeClose, MAX_ENTRIES, systemEntry, textEntry, type LogEntry } from "./output-log";
import { utf8Length } from "./payload";

/** Where the connection is. */
export type ConnectionState =
  | { phase: "idle" }
  | { phase: "connecting" }
  | { phase: "open"; protocol: string; extensions: string }
  | { phase: "closing" }
  | { phase: "closed"; code: number; reason: string; wasClean: boolean }
  | { phase: "failed"; code: number };

/** What the console knows about a failed handshake. */
export type Diagnosis =
  | { kind: "looking" }
  | { kind: "explained"; explanation: Explanation; traceId: string }
  | { kind: "missing"; traceId: string }
  | { kind: "unauthorized" }
  /** A signed-out visitor: the gateway's log is for signed-in users, so the console does not ask. */
  | { kind: "signed-out" }
  | { kind: "unavailable"; status: number }
  | { kind: "refused-by-browser"; message: string };

/**
 * One WebSocket at a time, its log and, when a handshake fails, the gateway's explanation.
 * Log lines are buffered and committed once per animation frame, so a chatty backend costs
 * one render per frame rather than one per message.
 */
export function useConsoleSocket(options: { traceEndpoint?: string; signedOut?: boolean } = {}) {
  const [state, setState] = useState<ConnectionState>({ phase: "idle" });
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [diagnosis, setDiagnosis] = useState<Diagnosis | null>(null);
  /** The current connection; `cancelled` marks a Disconnect during the handshake. */
  const current = useRef<{ ws: WebSocket; cancelled: boolean } | null>(null);
  const pending = useRef<LogEntry[]>([]);
  const frame = useRef<number | null>(null);
  const lookup = useRef<AbortController | null>(null);
  const traceEndpoint = options.traceEndpoint;
  const signedOut = options.signedOut ?? false;

  const flush = useCallback(() => {
    frame.current = null;
    const batch = pending.current;
    pending.current = [];
    setEntries((log) => appendEntries(log, batch));
  }, []);

  const log = useCallback(
    (entry: LogEntry) => {
      pending.current.push(entry);
      // A hidden tab gets no animation frames: keep the buffer within the log's own cap meanwhile.
      if (pending.current.length > MAX_ENTRIES) pending.current.splice(0, pending.current.length - MAX_ENTRIES);
      if (frame.current === null) frame.current = requestAnimationFrame(flush);
    },
    [flush],
  );

  const diagnose = useCallback(
    async (traceId: string) => {
      lookup.current?.abort();
      if (signedOut) {
        log(systemEntry("error", "Sign in to read the gateway's reason for a refused handshake."));
        return setDiagnosis({ kind: "signed-out" });
      }
      const controller = new AbortController();
      lookup.current = controller;
      setDiagnosis({ kind: "looking" });
      const result = await lookUpTrace(traceId, { endpoint: traceEndpoint, signal: controller.signal });
      if (controller.signal.aborted) return;
      switch (result.kind) {
        case "found": {
          const explanation = explainTrace(result.trace);
          log(systemEntry("error", `Gateway: ${explanation.headline}`));
          setDiagnosis({ kind: "explained", explanation, traceId });
          return;
        }
        case "missing":
          log(systemEntry("error", "The gateway logged no handshake for this attempt: it did not reach the gateway (address, port, TLS or a proxy in between)."));
          return setDiagnosis({ kind: "missing", traceId });
        case "unauthorized":
          return setDiagnosis({ kind: "unauthorized" });
        case "unavailable":
          return setDiagnosis({ kind: "unavailable", status: result.status });
      }
    },
    [log, signedOut, traceEndpoint],
  );

  const connect = useCallback(
    (url: string, protocols: string[], shownUrl: string) => {
      if (current.current) return;
      lookup.current?.abort();
      setDiagnosis(null);
      const traceId = newTraceId();
      let ws: WebSocket;
      try {
        ws = new WebSocket(withTrace(url, traceId), protocols);
      } catch (error) {
        // The constructor throws before any network traffic: a ws:// URL from an https page, a bad subprotocol.
        const message = error instanceof Error ? error.message : String(error);
        const mixed = url.startsWith("ws:") && typeof location !== "undefined" && location.protocol === "https:";
        const explained = mixed ? "This page is served over https, so the browser only opens wss:// WebSockets. Use the gateway's wss:// URL." : message;
        log(systemEntry("error", `The browser refused to connect: ${explained}`));
        setDiagnosis({ kind: "refused-by-browser", message: explained });
        setState({ phase: "failed", code: 0 });
        return;
      }
      ws.binaryType = "arraybuffer";
      const attempt = { ws, cancelled: false };
      current.current = attempt;
      let opened = false;
      setState({ phase: "connecting" });
      log(systemEntry("info", `Connecting to ${shownUrl}${protocols.length > 0 ? ` · subprotocols ${protocols.join(", ")}` : ""}`));
      ws.onopen = () => {
        opened = true;
        setState({ phase: "open", protocol: ws.protocol, extensions: ws.extensions });
        const details = [ws.protocol ? `subprotocol “${ws.protocol}”` : "no subprotocol", ws.extensions ? `extensions ${ws.extensions}` : null].filter(Boolean);
        log(systemEntry("open", `Connected · ${details.join(" · ")}`));
      };
      ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
        const data = event.data;
        if (typeof data === "string") log(textEntry("received", data, utf8Length(data)));
        else log(binaryEntry("received", new Uint8Array(data)));
      };
      ws.onerror = () => {
        // Before the handshake completes the close event that follows says more; after it, say something.
        if (opened) log(systemEntry("error", "The connection reported an error."));
      };
      ws.onclose = (event) => {
        if (current.current === attempt) current.current = null;
        if (opened) {
          setState({ phase: "closed", code: event.code, reason: event.reason, wasClean: event.wasClean });
          log(systemEntry("close", `Disconnected · ${describeClose(event.code, event.reason, event.wasClean)}`));
        } else if (attempt.cancelled) {
          setState({ phase: "idle" });
          log(systemEntry("info", "Connection attempt cancelled."));
        } else {
          setState({ phase: "failed", code: event.code });
          log(systemEntry("error", `Handshake failed · the browser reports only ${event.code} ${closeCodeName(event.code)}${signedOut ? "" : "; asking the gateway why…"}`));
          void diagnose(traceId);
        }
      };
    },
    [diagnose, log, signedOut],
  );

  const disconnect = useCallback(() => {
    const attempt = current.current;
    if (!attempt) return;
    if (attempt.ws.readyState === WebSocket.CONNECTING) attempt.cancelled = true;
    else setState({ phase: "closing" });
    attempt.ws.close(1000);
  }, []);

  /** Sends one message; false when there is no open connection. */
  const send = useCallback(
    (data: string | Uint8Array, size: number): boolean => {
      const ws = current.current?.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(data);
      log(typeof data === "string" ? textEntry("sent", data, size) : binaryEntry("sent", data));
      return true;
    },
    [log],
  );

  const clear = useCallback(() => {
    pending.current = [];
    setEntries([]);
  }, []);

  useEffect(
    () => () => {
      // Leaving the page closes the connection; nobody is there to see its log.
      lookup.current?.abort();
      const ws = current.current?.ws;
      if (ws) {
        ws.onclose = null;
        ws.onmessage = null;
        ws.close(1000);
      }
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  return { state, entries, diagnosis, connect, disconnect, send, clear };
}
