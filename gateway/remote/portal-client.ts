/** What one call to the portal's gateway API came to: a value, never a throw. */
export type PortalReply =
  | { ok: true; status: number; body: unknown }
  /** The portal refused the token (401): `code` and `message` from its error body. */
  | { ok: false; kind: "unauthorized"; status: 401; code: string; message: string }
  /** Any other answer outside 2xx/304. */
  | { ok: false; kind: "status"; status: number; code: string; message: string }
  /** No answer: refused, reset, DNS, or the timeout passed. */
  | { ok: false; kind: "network"; message: string; timedOut: boolean };

export interface PortalRequest {
  method: "GET" | "POST";
  /** Under the base, e.g. `/config?revision=4`. */
  path: string;
  body?: unknown;
  timeoutMs: number;
  /** Aborts the request early (the gateway stopping). */
  signal?: AbortSignal;
}

/**
 * The self-hosted gateway's side of `{PORTCULLIS_CONFIG_URL}/api/gateway/v1`: every request
 * carries the gateway token, has a timeout, and comes back as a `PortalReply`. All of it is
 * asynchronous (fetch), so the relay's event loop never waits on the portal.
 */
export class PortalClient {
  readonly base: string;

  constructor(
    configUrl: string,
    /** The whole header value: `GatewayKey {gid}&{expiry}&{signature}`. */
    private readonly authorization: string,
  ) {
    this.base = `${configUrl.replace(/\/+$/, "")}/api/gateway/v1`;
  }

  async send(request: PortalRequest): Promise<PortalReply> {
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const headers: Record<string, string> = { authorization: this.authorization, accept: "application/json" };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
      });
      text = await response.text();
    } catch (error) {
      const message = timeout.aborted ? `no answer within ${request.timeoutMs} ms` : describeFetchError(error);
      return { ok: false, kind: "network", message, timedOut: timeout.aborted };
    }
    if (response.ok || response.status === 304) {
      if (text === "") return { ok: true, status: response.status, body: null };
      try {
        return { ok: true, status: response.status, body: JSON.parse(text) };
      } catch {
        return { ok: false, kind: "status", status: response.status, code: "InvalidResponse", message: "the portal's answer is not JSON" };
      }
    }
    const { code, message } = errorOf(text, response.status);
    if (response.status === 401) return { ok: false, kind: "unauthorized", status: 401, code, message };
    return { ok: false, kind: "status", status: response.status, code, message };
  }
}

/** The portal's `{"error": {"code", "message"}}`, or a stand-in for a body without one (a proxy's page). */
function errorOf(text: string, status: number): { code: string; message: string } {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === "string") {
      return { code: parsed.error.code, message: typeof parsed.error.message === "string" ? parsed.error.message : "" };
    }
  } catch {
    // not JSON: fall through
  }
  return { code: `HTTP${status}`, message: `the portal answered ${status}` };
}

/** fetch's TypeError hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
