import { describe, expect, it } from "vitest";
import type { TestConsoleKey } from "@/components/console/connection-panel";
import { initialKeyIndex, keyIndexAfterChange } from "@/components/console/key-selection";

const key = (label: string): TestConsoleKey => ({ label, key: `${label}-secret-0123456789`, queryName: "subscription-key", headerName: "Ocp-Apim-Subscription-Key" });
const starter = [key("starter-primary"), key("starter-secondary")];
const pro = [key("pro-primary"), key("pro-secondary")];

describe("initialKeyIndex", () => {
  it("selects the key asked for, else the first, else none", () => {
    expect(initialKeyIndex(starter, 1)).toBe(1);
    expect(initialKeyIndex(starter, -1)).toBe(-1);
    expect(initialKeyIndex(starter, 5)).toBe(0);
    expect(initialKeyIndex([], undefined)).toBe(-1);
  });
});

describe("keyIndexAfterChange", () => {
  it("selects the new subscription's primary key when the first keys arrive (no reload)", () => {
    expect(keyIndexAfterChange([], starter, -1, undefined)).toBe(0);
  });

  it("selects the first new key when a second subscription's keys are added", () => {
    expect(keyIndexAfterChange(starter, [...starter, ...pro], 1, undefined)).toBe(2);
    expect(keyIndexAfterChange(starter, [...pro, ...starter], 0, undefined)).toBe(0);
  });

  it("keeps the visitor's choice, \"No subscription key\" included, when nothing was added", () => {
    expect(keyIndexAfterChange(starter, [...starter], 1, undefined)).toBe(1);
    expect(keyIndexAfterChange(starter, [...starter], -1, undefined)).toBe(-1);
  });

  it("falls back to the initial choice when the selected key is gone", () => {
    expect(keyIndexAfterChange([...starter, ...pro], starter, 3, undefined)).toBe(0);
    expect(keyIndexAfterChange(starter, [], 1, undefined)).toBe(-1);
  });
});
