import { describe, expect, it } from "vitest";
import { describeJsonError, jsonProblem, parseBase64, parseHex, parsePayload, prettyPrintJson, utf8Length } from "@/components/console/payload";

describe("parsePayload", () => {
  it("sends text as typed, sized in UTF-8 bytes", () => {
    expect(parsePayload("text", "hex", "héllo €")).toEqual({ ok: true, kind: "text", data: "héllo €", size: 10 });
    expect(parsePayload("text", "hex", "")).toEqual({ ok: true, kind: "text", data: "", size: 0 });
  });

  it("sends valid JSON as text and refuses invalid JSON with its position", () => {
    expect(parsePayload("json", "hex", '{"a": 1}')).toEqual({ ok: true, kind: "text", data: '{"a": 1}', size: 8 });
    expect(parsePayload("json", "hex", '{\n  "a": 1,\n}')).toEqual({ ok: false, error: "Line 3, column 1: expected double-quoted property name." });
    expect(parsePayload("json", "hex", "  ")).toEqual({ ok: false, error: "Enter a JSON value." });
  });

  it("sends hex and base64 as binary", () => {
    expect(parsePayload("binary", "hex", "48 65 6c 6c 6f")).toEqual({ ok: true, kind: "binary", data: new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f]), size: 5 });
    expect(parsePayload("binary", "base64", "SGVsbG8=")).toEqual({ ok: true, kind: "binary", data: new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f]), size: 5 });
  });

  it("asks for a file in file mode (the file's bytes are the payload)", () => {
    expect(parsePayload("binary", "file", "")).toEqual({ ok: false, error: "Choose a file to send." });
  });
});

describe("utf8Length", () => {
  it("counts what TextEncoder would produce, including astral and lone surrogates", () => {
    for (const text of ["", "abc", "é", "€", "😀", "a😀b", "\ud800", "x\udc00y", "😀".repeat(3) + "\ud83d"]) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe("jsonProblem and describeJsonError", () => {
  it("reads V8's messages, with or without Chromium's line and column suffix", () => {
    expect(describeJsonError('{"a" 1}', "Expected ':' after property name in JSON at position 5")).toBe("Line 1, column 6: expected ':' after property name.");
    expect(describeJsonError('{"a" 1}', "Expected ':' after property name in JSON at position 5 (line 1 column 6)")).toBe(
      "Line 1, column 6: expected ':' after property name.",
    );
    expect(describeJsonError("nope", `Unexpected token 'o', "nope" is not valid JSON`)).toBe("Unexpected token 'o'.");
    expect(describeJsonError("[1,\n2", "Unexpected end of JSON input")).toBe("Line 2, column 2: the JSON ends too early.");
  });

  it("accepts any single JSON value", () => {
    for (const ok of ["1", '"s"', "null", "[]", '{"a":[1,{"b":null}]}', " true "]) expect(jsonProblem(ok)).toBeNull();
    expect(jsonProblem("{}x")).toBe("Line 1, column 3: unexpected non-whitespace character after JSON.");
  });

  it("pretty-prints with two spaces, and not what does not parse", () => {
    expect(prettyPrintJson('{"a":[1,2],"b":{}}')).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}');
    expect(prettyPrintJson("{")).toBeNull();
  });
});

describe("parseHex", () => {
  it("takes spaced, packed, 0x-prefixed, comma- and colon-separated bytes", () => {
    const hello = new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    for (const text of ["48 65 6c 6c 6f", "48656C6C6F", "0x48,0x65, 0x6c 0x6c 0x6f", "48:65:6c:6c:6f", "\n 4865 6c6c6f \n"]) {
      expect(parseHex(text), text).toEqual({ ok: true, bytes: hello });
    }
    expect(parseHex("")).toEqual({ ok: true, bytes: new Uint8Array() });
  });

  it("says which character is wrong, and when a digit is missing", () => {
    expect(parseHex("48 6g")).toEqual({ ok: false, error: "“g” is not a hex digit (use 0–9 and a–f, e.g. 48 65 6c 6c 6f)." });
    expect(parseHex("48 6")).toEqual({ ok: false, error: "Hex needs two digits per byte; 3 digits is an odd number." });
  });
});

describe("parseBase64", () => {
  it("takes standard and URL-safe base64, padded or not, with whitespace", () => {
    expect(parseBase64("+/8=")).toEqual({ ok: true, bytes: new Uint8Array([0xfb, 0xff]) });
    expect(parseBase64("-_8")).toEqual({ ok: true, bytes: new Uint8Array([0xfb, 0xff]) });
    expect(parseBase64("SGVs\nbG8")).toEqual({ ok: true, bytes: new TextEncoder().encode("Hello") });
  });

  it("refuses characters outside the alphabet, stray padding and an impossible length", () => {
    expect(parseBase64("SGV*")).toEqual({ ok: false, error: "“*” is not a base64 character." });
    expect(parseBase64("SG=VsbG8")).toEqual({ ok: false, error: "Padding (=) may only end the text." });
    expect(parseBase64("SGVsb")).toEqual({ ok: false, error: "The base64 text is one character too long or too short to be whole bytes." });
  });
});
