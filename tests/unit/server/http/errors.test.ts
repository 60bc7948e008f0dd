import { afterEach, describe, expect, it, vi } from "vitest";
import { isDatabaseBusy } from "@/db/database-busy";
import { ConflictError, errorResponse, UnauthorizedError, ValidationError } from "@/server/http/errors";
import { captureLogLines } from "@/tests/helpers/log-lines";

afterEach(() => vi.restoreAllMocks());

describe("errorResponse", () => {
  it("maps each kind to its status and code", async () => {
    const conflict = errorResponse(new ConflictError("taken"));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ error: { code: "Conflict", message: "taken" } });
    const validation = errorResponse(new ValidationError("bad", { details: [{ target: "properties.path", message: "is required" }] }));
    expect(validation.status).toBe(400);
    expect(await validation.json()).toEqual({
      error: { code: "ValidationError", message: "bad", details: [{ target: "properties.path", message: "is required" }] },
    });
  });

  it("asks for a bearer token on 401", () => {
    expect(errorResponse(new UnauthorizedError("no")).headers.get("www-authenticate")).toBe("Bearer");
  });

  it("hides unknown errors behind a generic 500 and logs them", async () => {
    const lines = captureLogLines();
    const response = errorResponse(new Error("SQLITE_CORRUPT: secret detail"));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "InternalError", message: "Internal server error" } });
    expect(lines.stderr).toHaveLength(1);
    expect(lines.stderr[0]).toMatchObject({ level: "error", msg: "management API: unhandled error" });
    expect(String(lines.stderr[0]!.error)).toContain("SQLITE_CORRUPT");
  });
});

describe("a busy database", () => {
  /** What better-sqlite3 throws, and what drizzle wraps it in ("Failed to run the query …", the SqliteError as cause). */
  function sqliteError(code: string): Error {
    return Object.assign(new Error("database is locked"), { code });
  }

  it.each([
    ["SQLITE_BUSY from better-sqlite3", sqliteError("SQLITE_BUSY")],
    ["SQLITE_LOCKED", sqliteError("SQLITE_LOCKED")],
    ["an extended code (SQLITE_BUSY_SNAPSHOT)", sqliteError("SQLITE_BUSY_SNAPSHOT")],
    ["SQLITE_BUSY wrapped by drizzle", new Error("Failed to run the query 'insert into apis …'", { cause: sqliteError("SQLITE_BUSY") })],
  ])("answers 503 DatabaseBusy with Retry-After for %s", async (_, error) => {
    captureLogLines();
    const response = errorResponse(error);

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({
      error: { code: "DatabaseBusy", message: "The database is busy (another process holds a write lock); retry shortly." },
    });
  });

  it("leaves other SQLite errors to the generic 500", () => {
    captureLogLines();
    expect(errorResponse(sqliteError("SQLITE_CONSTRAINT_UNIQUE")).status).toBe(500);
    expect(isDatabaseBusy(sqliteError("SQLITE_READONLY"))).toBe(false);
  });
});
