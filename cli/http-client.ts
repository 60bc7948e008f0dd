import { z } from "zod";
import { ApiError, ConnectionError, UsageError } from "./cli-errors";

/**
 * A small client for the management API (DESIGN.md §2): JSON in and out, bearer token,
 * `{"error": {...}}` bodies turned into ApiError, network failures into ConnectionError,
 * collections read to the end by following `nextLink`.
 */

const MANAGEMENT_PREFIX = "/api/management";
const REQUEST_TIMEOUT_MS = 30_000;

/** A resource as the management API returns it: `{"id", "name", "properties"}`. */
export const resourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  properties: z.record(z.string(), z.unknown()),
});
export type Resource = z.output<typeof resourceSchema>;

const pageSchema = z.object({
  value: z.array(z.unknown()),
  nextLink: z.string().nullish(),
});

const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ target: z.string(), message: z.string() })).optional(),
  }),
});

/** What a request answered: its status and its JSON body (null when it had none). */
export interface ApiResponse {
  status: number;
  body: unknown;
}

/** The portal's base URL (`http://localhost:3000`), from `--url` or `PORTCULLIS_URL`; throws UsageError when it is not http(s). */
export function parseBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`The portal URL '${value}' is not an absolute URL (e.g. http://localhost:3000).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`The portal URL must be http:// or https://, not ${url.protocol}//.`);
  }
  // Accept the management API's own URL too: http://host/api/management.
  url.pathname = url.pathname.replace(/\/+$/, "").replace(/\/api\/management$/, "");
  url.search = "";
  url.hash = "";
  return url;
}

export class ManagementClient {
  constructor(
    private readonly baseUrl: URL,
    private readonly token: string | undefined,
  ) {}

  /** The absolute URL of a management API path such as `/apis/echo`. */
  url(path: string): URL {
    const base = this.baseUrl.href.replace(/\/+$/, "");
    return new URL(`${base}${MANAGEMENT_PREFIX}${path}`);
  }

  /** Sends one request; any status ≥ 400 throws ApiError, a network failure ConnectionError. */
  async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const url = this.url(path);
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ConnectionError(`Cannot reach Portcullis at ${this.baseUrl.origin}: ${networkReason(error)}.`);
    }
    const text = await response.text().catch(() => "");
    const json = parseJson(text);
    if (response.status >= 400) throw toApiError(method, url, response, text, json);
    if (response.status >= 300) {
      throw new ApiError(
        response.status,
        "Redirect",
        `${method} ${url.pathname} was redirected to ${response.headers.get("location") ?? "(no location)"}; is ${this.baseUrl.origin} the portal's URL?`,
      );
    }
    if (text !== "" && json === undefined) {
      throw new ApiError(response.status, "InvalidResponse", `${method} ${url.pathname} answered ${response.status} with a body that is not JSON.`);
    }
    return { status: response.status, body: json ?? null };
  }

  /** GET a resource. */
  async get(path: string): Promise<unknown> {
    return (await this.request("GET", path)).body;
  }

  /** GET a resource, or null when the API answers 404. */
  async getOrNull(path: string): Promise<unknown> {
    try {
      return await this.get(path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** GET a `{id, name, properties}` resource. */
  async getResource(path: string): Promise<Resource> {
    return parseResponse(resourceSchema, await this.get(path), `GET ${path}`);
  }

  /** Every item of a collection, following `nextLink` page by page. */
  async list(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let next: string | null = path;
    // A server that keeps answering the same nextLink must not loop forever.
    const seen = new Set<string>();
    while (next !== null && !seen.has(next)) {
      seen.add(next);
      const body: unknown = await this.get(next);
      const page: z.output<typeof pageSchema> = parseResponse(pageSchema, body, `GET ${next}`);
      items.push(...page.value);
      next = page.nextLink ? this.relativePath(page.nextLink) : null;
    }
    return items;
  }

  /** Every resource of a collection of `{id, name, properties}` resources. */
  async listResources(path: string): Promise<Resource[]> {
    const items = await this.list(path);
    return items.map((item) => parseResponse(resourceSchema, item, `GET ${path}`));
  }

  /** A nextLink (absolute, built from the server's view of its own host) as a path under this client's base. */
  private relativePath(link: string): string {
    const url = new URL(link, this.url("/"));
    const index = url.pathname.indexOf(MANAGEMENT_PREFIX);
    const path = index >= 0 ? url.pathname.slice(index + MANAGEMENT_PREFIX.length) : url.pathname;
    return `${path}${url.search}`;
  }
}

/** Parses a response body the CLI relies on; a body of another shape is reported, not trusted. */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new ApiError(200, "InvalidResponse", `${what} answered a body the CLI does not understand${where}: ${issue?.message ?? "invalid"}.`);
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toApiError(method: string, url: URL, response: Response, text: string, json: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details ?? []);
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  const reason = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return new ApiError(response.status, `Http${response.status}`, `${method} ${url.pathname} answered ${reason}${snippet ? `: ${snippet}` : "."}`);
}

/** The most telling reason of a fetch failure (`connect ECONNREFUSED 127.0.0.1:3000`). */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  if (cause instanceof AggregateError && cause.errors[0] instanceof Error) cause = cause.errors[0];
  return cause instanceof Error ? cause.message : String(cause);
}
