import type { z } from "zod";
import { ValidationError, type ErrorDetail } from "./errors";

/**
 * Parsing at the boundary: request bodies and query strings go through a zod schema here,
 * and every issue becomes an `error.details` entry whose message reads after its target
 * ("properties.path is required."). Schemas write their own messages in that form.
 */

type Issue = z.core.$ZodRawIssue;

/** Zod's default messages rewritten as predicates of the field they are about. */
function issueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${article(issue.expected)} ${issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      if (issue.origin === "string") return `must be at least ${issue.minimum} character${issue.minimum === 1 ? "" : "s"} long`;
      if (issue.origin === "array") return `must contain at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === "array") return `must contain at most ${issue.maximum} items`;
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

function target(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "body";
}

/** Parses `input` with `schema` or throws a ValidationError naming every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, targetPrefix = ""): z.output<S> {
  const result = schema.safeParse(input, { error: issueMessage });
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    target: target(targetPrefix, issue.path),
    message: issue.message,
  }));
  const message = details.map((d) => `${d.target} ${d.message}.`).join(" ");
  throw new ValidationError(message, { details });
}

/** The request's JSON body; a body that is not a JSON object is a ValidationError. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError("The request body must be a JSON object.", {
      details: [{ target: "body", message: "is not valid JSON" }],
    });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ValidationError("The request body must be a JSON object.", {
      details: [{ target: "body", message: "must be a JSON object" }],
    });
  }
  return body as Record<string, unknown>;
}

/** The query string as a plain object (last value wins), for `parseOrThrow`. */
export function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
