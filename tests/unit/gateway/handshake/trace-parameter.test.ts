import { describe, expect, it } from "vitest";
import { takeTraceParameter } from "@/gateway/handshake/backend-request";

const ID = "AbC_-0123456789xyz";

describe("takeTraceParameter", () => {
  it("takes a valid trace id out of the query, wherever it is", () => {
    expect(takeTraceParameter(`portcullis-trace=${ID}`)).toEqual({ traceId: ID, query: "" });
    expect(takeTraceParameter(`a=1&portcullis-trace=${ID}&b=2`)).toEqual({ traceId: ID, query: "a=1&b=2" });
    expect(takeTraceParameter(`a=1&portcullis-trace=${ID}`)).toEqual({ traceId: ID, query: "a=1" });
  });

  it("accepts 16 to 64 characters of [A-Za-z0-9_-] only, and leaves anything else in place", () => {
    expect(takeTraceParameter(`portcullis-trace=${"a".repeat(16)}`)?.traceId).toBe("a".repeat(16));
    expect(takeTraceParameter(`portcullis-trace=${"a".repeat(64)}`)?.traceId).toBe("a".repeat(64));
    for (const bad of ["a".repeat(15), "a".repeat(65), `${"a".repeat(16)}%20`, `${"a".repeat(16)}.`, ""]) {
      expect(takeTraceParameter(`x=1&portcullis-trace=${bad}`), bad).toBeNull();
    }
  });

  it("takes the first valid id and removes every valid one; invalid ones stay", () => {
    const other = "z".repeat(20);
    expect(takeTraceParameter(`portcullis-trace=short&portcullis-trace=${ID}&portcullis-trace=${other}`)).toEqual({
      traceId: ID,
      query: "portcullis-trace=short",
    });
  });

  it("matches the exact parameter name only", () => {
    expect(takeTraceParameter(`xportcullis-trace=${ID}`)).toBeNull();
    expect(takeTraceParameter(`Portcullis-Trace=${ID}`)).toBeNull();
    expect(takeTraceParameter(`portcullis-trace-x=${ID}`)).toBeNull();
    expect(takeTraceParameter("")).toBeNull();
  });
});
