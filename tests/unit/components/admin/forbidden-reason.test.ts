import { describe, expect, it } from "vitest";
import { forbiddenReason } from "@/components/admin/forbidden-reason";

describe("the 403 page's reason", () => {
  it("tells a publisher that an administrators' page is for administrators, and that publishers cannot open it", () => {
    expect(forbiddenReason("/admin/users", "publisher")).toEqual({
      title: "Administrators only",
      detail: "Users is open to administrators; publishers cannot open it.",
    });
    expect(forbiddenReason("/admin/audit-log?actor=x", "publisher").title).toBe("Administrators only");
  });

  it("tells a developer that a publishers' page is for administrators and publishers", () => {
    expect(forbiddenReason("/admin/apis/echo", "developer")).toEqual({
      title: "Administrators and publishers only",
      detail: "APIs is open to administrators and publishers; developers cannot open it.",
    });
    expect(forbiddenReason("/admin", "developer").detail).toBe("The admin portal is open to administrators and publishers; developers cannot open it.");
  });
});
