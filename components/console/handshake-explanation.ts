import type { HandshakeTraceContract } from "@/server/traces/handshake-trace.schemas";
import { closeCodeName } from "./format";

/**
 * Why a handshake failed, in the gateway's own words: a browser only says "error" and 1006, so
 * the console reads the gateway's log row for its trace id and turns it into one line.
 */

export type HandshakeTrace = HandshakeTraceContract;

export interface Explanation {
  /** "401 — Access denied due to missing subscription key. …" */
  headline: string;
  /** The log's reason code and source, and a hint when one helps. */
  detail: string | null;
}

/** What a trace row says went wrong. */
export function explainTrace(trace: HandshakeTrace): Explanation {
  const code = trace.responseCode;
  const error = trace.lastError;
  const message = error?.message?.trim() || null;
  const source = error?.source?.trim() || null;
  const reason = error?.reason?.trim() || null;
  const detail = [reason, source ? `source: ${source}` : null].filter(Boolean).join(" · ") || null;

  if (code === 101) {
    const closed = trace.closeCode !== null ? ` The connection then closed with ${trace.closeCode} ${closeCodeName(trace.closeCode)}${trace.closeReason ? ` (“${trace.closeReason}”)` : ""}.` : "";
    return {
      headline: "101 — the gateway and the backend accepted the handshake, but the browser refused the answer",
      detail: `A common cause: you asked for subprotocols and the backend chose none of them (or one you did not offer).${closed}`,
    };
  }
  if (source === "backend" && reason === "BackendRefused" && trace.backendResponseCode !== null) {
    return { headline: `${code} — backend refused with ${trace.backendResponseCode}`, detail };
  }
  if (source === null || source === "gateway" || source === "subscription" || source === "backend" || source === "client") {
    return { headline: `${code} — ${message ?? "the gateway refused the handshake"}`, detail };
  }
  // A policy refused: its name first, as APIM's trace does ("403 — ip-filter: …").
  return { headline: `${code} — ${source}${message ? `: ${message}` : ""}`, detail: reason };
}

export type TraceLookup =
  | { kind: "found"; trace: HandshakeTrace }
  | { kind: "missing" }
  | { kind: "unauthorized" }
  | { kind: "unavailable"; status: number };

export interface TraceLookupOptions {
  /** Base path of the trace endpoint. */
  endpoint?: string;
  /** Give up after this long (the gateway writes logs every ~250 ms). */
  timeoutMs?: number;
  intervalMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  signal?: AbortSignal;
}

export const TRACE_ENDPOINT = "/api/portal/handshake-traces";

/** Polls the trace endpoint until the gateway's row is there (404 means "not yet"), or the time runs out. */
export async function lookUpTrace(traceId: string, options: TraceLookupOptions = {}): Promise<TraceLookup> {
  const endpoint = options.endpoint ?? TRACE_ENDPOINT;
  const timeoutMs = options.timeoutMs ?? 3000;
  const intervalMs = options.intervalMs ?? 250;
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + timeoutMs;
  for (;;) {
    if (options.signal?.aborted) return { kind: "missing" };
    try {
      const response = await fetchImpl(`${endpoint}/${encodeURIComponent(traceId)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
        signal: options.signal,
      });
      const status = response.status;
      if (response.ok) return { kind: "found", trace: (await response.json()) as HandshakeTrace };
      if (status === 401) return { kind: "unauthorized" };
      if (status !== 404) return { kind: "unavailable", status };
    } catch {
      if (options.signal?.aborted) return { kind: "missing" };
      // A network hiccup: try again until the deadline.
    }
    if (now() + intervalMs > deadline) return { kind: "missing" };
    await sleep(intervalMs);
  }
}
