import { describe, expect, it } from "vitest";
import { TOAST_MARGIN, toastBottomOffset } from "@/components/ui/toast-placement";

// A 1440×900 window; the toast column is 384 px wide at the right edge, one toast 76 px tall.
const column = { left: 1040, right: 1424, height: 76 };
const bar = (top: number, left = 288, right = 1400) => ({ top, bottom: top + 69, left, right });

describe("toastBottomOffset", () => {
  it("keeps the corner when no action bar is on screen", () => {
    expect(toastBottomOffset(column, 900, [])).toBe(TOAST_MARGIN);
    expect(toastBottomOffset(column, 900, [bar(950)])).toBe(TOAST_MARGIN);
  });

  it("lifts the toasts just above the editor's Save/Reset bar when they would cover it", () => {
    // The bar spans 820–889: the column (808–884) would sit on it.
    expect(toastBottomOffset(column, 900, [bar(820)])).toBe(900 - 820 + 12);
  });

  it("stays in the corner when the bar is higher up or beside the column", () => {
    expect(toastBottomOffset(column, 900, [bar(300)])).toBe(TOAST_MARGIN);
    expect(toastBottomOffset(column, 900, [bar(820, 0, 1000)])).toBe(TOAST_MARGIN);
  });

  it("clears a second bar that the first lift brings it onto", () => {
    expect(toastBottomOffset(column, 900, [bar(820), bar(700)])).toBe(900 - 700 + 12);
  });

  it("does not push the toasts off the screen for a bar near the top", () => {
    expect(toastBottomOffset({ ...column, height: 300 }, 400, [bar(60, 288, 1400)])).toBe(TOAST_MARGIN);
  });
});
