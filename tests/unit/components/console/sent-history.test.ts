import { describe, expect, it } from "vitest";
import { loadHistory, MAX_HISTORY, rememberSent, saveHistory } from "@/components/console/sent-history";

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe("rememberSent", () => {
  it("puts the newest first and moves a repeated payload up instead of repeating it", () => {
    let history = rememberSent([], { mode: "text", encoding: "hex", draft: "a", size: 1 });
    history = rememberSent(history, { mode: "text", encoding: "hex", draft: "b", size: 1 });
    history = rememberSent(history, { mode: "text", encoding: "hex", draft: "a", size: 1 });
    expect(history.map((h) => h.draft)).toEqual(["a", "b"]);
    expect(new Set(history.map((h) => h.id)).size).toBe(2);
  });

  it("keeps the latest MAX_HISTORY", () => {
    let history = rememberSent([], { mode: "text", encoding: "hex", draft: "0", size: 1 });
    for (let i = 1; i < MAX_HISTORY + 5; i++) history = rememberSent(history, { mode: "text", encoding: "hex", draft: String(i), size: 1 });
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history[0]!.draft).toBe(String(MAX_HISTORY + 4));
  });
});

describe("saveHistory and loadHistory", () => {
  it("round-trip typed payloads per API and leave files out", () => {
    const storage = memoryStorage();
    const history = rememberSent(rememberSent([], { mode: "json", encoding: "file", draft: "{}", size: 2 }), {
      mode: "binary",
      encoding: "file",
      draft: "photo.png",
      bytes: new Uint8Array([1, 2]),
      size: 2,
    });
    saveHistory("echo", history, storage);
    expect(loadHistory("echo", storage).map((h) => h.draft)).toEqual(["{}"]);
    expect(loadHistory("other", storage)).toEqual([]);
  });

  it("ignores broken or foreign data", () => {
    const storage = memoryStorage();
    storage.setItem("portcullis:console-history:echo", "{not json");
    expect(loadHistory("echo", storage)).toEqual([]);
    storage.setItem("portcullis:console-history:echo", JSON.stringify([{ id: 1 }, { id: "x", mode: "binary", encoding: "file", draft: "f", size: 1 }]));
    expect(loadHistory("echo", storage)).toEqual([]);
  });
});
