import { afterEach, describe, expect, it, vi } from "vitest";
import { ConflictError, errorResponse, UnauthorizedError, ValidationError } from "@/server/http/errors";

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
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new Error("SQLITE_CORRUPT: secret detail"));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "InternalError", message: "Internal server error" } });
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[1])).toContain("SQLITE_CORRUPT");
  });
});
