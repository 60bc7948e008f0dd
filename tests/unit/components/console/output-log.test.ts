import { describe, expect, it } from "vitest";
import {
  appendEntries,
  binaryEntry,
  describeClose,
  matchesFilter,
  MAX_ENTRIES,
  MAX_TEXT_CHARS,
  sizeLabel,
  systemEntry,
  textEntry,
} from "@/components/console/output-log";

describe("appendEntries", () => {
  it("keeps the newest entries up to the cap", () => {
    let log = appendEntries([], [systemEntry("info", "first")]);
    for (let i = 0; i < MAX_ENTRIES + 10; i++) log = appendEntries(log, [textEntry("received", `m${i}`, 2)]);
    expect(log).toHaveLength(MAX_ENTRIES);
    expect(log[0]!.text).toBe("m10");
    expect(log.at(-1)!.text).toBe(`m${MAX_ENTRIES + 9}`);
  });

  it("returns the same log when nothing is added (no re-render)", () => {
    const log = [systemEntry("info", "x")];
    expect(appendEntries(log, [])).toBe(log);
  });
});

describe("entries", () => {
  it("keep only a binary message's preview and its size", () => {
    const entry = binaryEntry("received", new Uint8Array(200).fill(0x41));
    expect(entry).toMatchObject({ direction: "received", type: "binary", size: 200 });
    expect(entry.hex!.split(" ")).toHaveLength(64);
    expect(entry.ascii).toBe("A".repeat(64));
    expect(sizeLabel(entry)).toBe("200 B");
  });

  it("cut very long text for display but keep its real size", () => {
    const entry = textEntry("received", "x".repeat(MAX_TEXT_CHARS + 5), MAX_TEXT_CHARS + 5);
    expect(entry.text).toHaveLength(MAX_TEXT_CHARS);
    expect(entry.truncatedFrom).toBe(MAX_TEXT_CHARS + 5);
    expect(sizeLabel(entry)).toBe("9.8 KiB");
  });

  it("have increasing ids and no size for system lines", () => {
    const a = systemEntry("open", "Connected");
    const b = systemEntry("close", "Disconnected");
    expect(b.id).toBeGreaterThan(a.id);
    expect(sizeLabel(a)).toBe("");
  });
});

describe("matchesFilter", () => {
  const sent = textEntry("sent", '{"type":"Subscribe"}', 20);
  const bin = binaryEntry("received", new TextEncoder().encode("Hi"));
  const closed = systemEntry("close", "Disconnected · 1000 Normal Closure");

  it("matches every word, case-insensitively, in text, type, direction and preview", () => {
    expect(matchesFilter(sent, "subscribe")).toBe(true);
    expect(matchesFilter(sent, "sent subscribe")).toBe(true);
    expect(matchesFilter(sent, "received subscribe")).toBe(false);
    expect(matchesFilter(bin, "binary")).toBe(true);
    expect(matchesFilter(bin, "48 69")).toBe(true);
    expect(matchesFilter(bin, "hi")).toBe(true);
    expect(matchesFilter(closed, "1000")).toBe(true);
    expect(matchesFilter(closed, "  ")).toBe(true);
  });
});

describe("describeClose", () => {
  it("says the code, its name, the reason and whether the close was clean", () => {
    expect(describeClose(1000, "", true)).toBe("1000 Normal Closure · no reason · clean");
    expect(describeClose(4001, "bye", false)).toBe("4001 Application-defined · reason “bye” · not clean");
  });
});
