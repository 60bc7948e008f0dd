import { describe, expect, it } from "vitest";
import { countText, matchesQuery } from "@/components/resources/list-search";

describe("matchesQuery", () => {
  it("finds a row when every word of the search is in its text, in any case and order", () => {
    expect(matchesQuery("chat Chat v2 chat/v2 wss://backend", "CHAT backend")).toBe(true);
    expect(matchesQuery("chat Chat v2 chat/v2 wss://backend", "backend  chat")).toBe(true);
    expect(matchesQuery("chat Chat v2 chat/v2 wss://backend", "chat echo")).toBe(false);
  });

  it("matches everything while the search is empty or blank", () => {
    expect(matchesQuery("anything", "")).toBe(true);
    expect(matchesQuery("anything", "   ")).toBe(true);
  });
});

describe("countText", () => {
  const noun = { one: "API", many: "APIs" };
  it("counts the rows, in the singular for one", () => {
    expect(countText(3, 3, false, noun)).toBe("3 APIs");
    expect(countText(1, 1, false, noun)).toBe("1 API");
  });
  it("says how many of all match while searching", () => {
    expect(countText(0, 4, true, noun)).toBe("0 of 4 APIs");
  });
});
