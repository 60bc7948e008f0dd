import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/server/auth/safe-callback-url";

describe("safeCallbackUrl", () => {
  it("keeps a path on this portal, with its query", () => {
    expect(safeCallbackUrl("/admin/apis/echo?tab=settings")).toBe("/admin/apis/echo?tab=settings");
    expect(safeCallbackUrl(["/admin/apis", "/other"])).toBe("/admin/apis");
  });

  it("falls back to /admin for anything that could leave the portal", () => {
    for (const url of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "admin", "", undefined]) {
      expect(safeCallbackUrl(url)).toBe("/admin");
    }
  });
});
