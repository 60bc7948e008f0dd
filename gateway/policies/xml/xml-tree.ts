/** A parsed policy document: elements and text with their source offsets (UTF-16 code units). */

export interface XmlAttribute {
  kind: "attribute";
  name: string;
  /** Entities decoded; a policy expression (`@(…)`) is kept as written. */
  value: string;
  /** Offsets of the whole `name="value"`. */
  start: number;
  end: number;
  /** Offset of the first character inside the quotes. */
  valueStart: number;
}

export interface XmlElement {
  kind: "element";
  name: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** Offset of '<' and just past the end tag (or '/>'). */
  start: number;
  end: number;
  /** Just past the element name in its start tag: `start + 1 .. nameEnd` is the name. */
  nameEnd: number;
}

export interface XmlText {
  kind: "text";
  /** Entities decoded, CDATA unwrapped. */
  value: string;
  start: number;
  end: number;
}

export type XmlNode = XmlElement | XmlText;

/** Where a node starts and ends, for diagnostics: an element's name, an attribute, a text run. */
export function nodeRange(node: XmlNode | XmlAttribute): { from: number; to: number } {
  if (node.kind === "element") return { from: node.start + 1, to: node.nameEnd };
  return { from: node.start, to: node.end };
}

/** 1-based line and column of `offset` in `text` (CRLF and lone CR end lines too). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
