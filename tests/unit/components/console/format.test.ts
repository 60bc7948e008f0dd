import { describe, expect, it } from "vitest";
import { asciiPreview, closeCodeName, formatBytes, formatClock, hexPreview } from "@/components/console/format";

describe("formatClock", () => {
  it("shows local HH:MM:SS.mmm, zero-padded", () => {
    expect(formatClock(new Date(2024, 0, 2, 3, 4, 5, 6))).toBe("03:04:05.006");
    expect(formatClock(new Date(2024, 0, 2, 23, 59, 59, 999).getTime())).toBe("23:59:59.999");
  });
});

describe("formatBytes", () => {
  it("uses bytes below 1 KiB, then KiB and MiB with one decimal", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1000)).toBe("1,000 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(2 * 1024 * 1024)).toBe("2.0 MiB");
  });
});

describe("hexPreview and asciiPreview", () => {
  it("show the first bytes as hex pairs and printable ASCII", () => {
    const bytes = new Uint8Array([0x48, 0x69, 0x00, 0xff, 0x0a]);
    expect(hexPreview(bytes)).toBe("48 69 00 ff 0a");
    expect(asciiPreview(bytes)).toBe("Hi...");
  });

  it("stop at the limit (64 bytes by default)", () => {
    const bytes = new Uint8Array(100).map((_, i) => i);
    expect(hexPreview(bytes).split(" ")).toHaveLength(64);
    expect(hexPreview(bytes).endsWith("3f")).toBe(true);
    expect(hexPreview(bytes, 2)).toBe("00 01");
    expect(asciiPreview(bytes)).toHaveLength(64);
    expect(hexPreview(new Uint8Array())).toBe("");
  });
});

describe("closeCodeName", () => {
  it("names the standard codes and the open ranges", () => {
    expect(closeCodeName(1000)).toBe("Normal Closure");
    expect(closeCodeName(1006)).toBe("Abnormal Closure");
    expect(closeCodeName(1008)).toBe("Policy Violation");
    expect(closeCodeName(3001)).toBe("Registered");
    expect(closeCodeName(4001)).toBe("Application-defined");
    expect(closeCodeName(1004)).toBe("Unknown");
  });
});
