import type { PolicyHeaders, PolicyQuery } from "../policies/policy";

/**
 * The client's handshake headers as policies read and change them. Reads fall through to the
 * request's raw headers; changes are kept as edits so the backend request can be built from
 * the client's headers in their order and case, with only the edited names replaced.
 */
export class RequestHeaders implements PolicyHeaders {
  /** Lower-cased name → its new values ([] = removed). */
  readonly edits = new Map<string, { name: string; values: string[] }>();

  constructor(private readonly raw: readonly string[]) {}

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const edit = this.edits.get(lower);
    if (edit) return edit.values.slice();
    const values: string[] = [];
    for (let i = 0; i < this.raw.length; i += 2) if (this.raw[i]!.toLowerCase() === lower) values.push(this.raw[i + 1]!);
    return values;
  }

  get(name: string): string | undefined {
    const values = this.getAll(name);
    // APIM joins repeated headers with commas, as HTTP allows for list-valued fields.
    return values.length === 0 ? undefined : values.join(",");
  }

  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }

  set(name: string, values: string[]): void {
    this.edits.set(name.toLowerCase(), { name, values: values.slice() });
  }

  append(name: string, value: string): void {
    this.set(name, [...this.getAll(name), value]);
  }

  delete(name: string): void {
    this.set(name, []);
  }
}

/**
 * The query string as policies read and change it. Parsed on first use only; `serialize`
 * returns null while nothing changed, so an untouched query reaches the backend byte for byte.
 */
export class RequestQuery implements PolicyQuery {
  private pairs: [string, string][] | null = null;
  private changed = false;

  constructor(private readonly raw: string) {}

  private list(): [string, string][] {
    if (this.pairs !== null) return this.pairs;
    this.pairs = [];
    if (this.raw === "") return this.pairs;
    for (const part of this.raw.split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      this.pairs.push([decode(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? "" : decode(part.slice(eq + 1))]);
    }
    return this.pairs;
  }

  getAll(name: string): string[] {
    const values: string[] = [];
    for (const [n, v] of this.list()) if (n === name) values.push(v);
    return values;
  }

  get(name: string): string | undefined {
    const values = this.getAll(name);
    return values.length === 0 ? undefined : values.join(",");
  }

  has(name: string): boolean {
    return this.list().some(([n]) => n === name);
  }

  set(name: string, values: string[]): void {
    const kept = this.list().filter(([n]) => n !== name);
    for (const value of values) kept.push([name, value]);
    this.pairs = kept;
    this.changed = true;
  }

  append(name: string, value: string): void {
    this.list().push([name, value]);
    this.changed = true;
  }

  delete(name: string): void {
    this.set(name, []);
  }

  /** The query as policies left it (percent-encoded), or null when no policy changed it. */
  serialize(): string | null {
    if (!this.changed) return null;
    return this.list()
      .map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`)
      .join("&");
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
