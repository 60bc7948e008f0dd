/**
 * Everything the CLI prints goes through an Output: results to stdout (tables, key/value
 * blocks, JSON), diagnostics to stderr, so `portcullis export > file.yaml` stays clean.
 */

export interface Writer {
  write(text: string): unknown;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

export class Output {
  constructor(
    private readonly stdout: Writer,
    private readonly stderr: Writer,
  ) {}

  /** One line (or several) on stdout. */
  line(text = ""): void {
    this.stdout.write(`${text}\n`);
  }

  /** Raw text on stdout, exactly as given (exported files, policy XML). */
  raw(text: string): void {
    this.stdout.write(text);
  }

  /** A value as indented JSON on stdout. */
  json(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A warning on stderr. */
  warn(text: string): void {
    this.stderr.write(`Warning: ${text}\n`);
  }

  /** A message on stderr (errors, usage). */
  error(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** Rows as an aligned table with a header line; `empty` when there are none. */
  table<T>(rows: readonly T[], columns: readonly Column<T>[], empty: string): void {
    if (rows.length === 0) {
      this.line(empty);
      return;
    }
    const cells = rows.map((row) => columns.map((c) => oneLine(c.value(row))));
    const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
    const format = (values: readonly string[]) =>
      values
        .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd();
    this.line(format(columns.map((c) => c.header)));
    for (const row of cells) this.line(format(row));
  }

  /** `key: value` lines, keys aligned; nested objects are flattened to dotted keys. */
  fields(entries: readonly (readonly [string, unknown])[]): void {
    const flat: [string, string][] = [];
    for (const [key, value] of entries) flatten(key, value, flat);
    const width = Math.max(0, ...flat.map(([k]) => k.length));
    for (const [key, value] of flat) this.line(`${`${key}:`.padEnd(width + 2)}${value}`.trimEnd());
  }
}

/** A value as a table cell or field: strings as they are, lists comma-separated, the rest as JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value === "" ? "-" : value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length ? value.join(",") : "-";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return JSON.stringify(value);
}

function flatten(key: string, value: unknown, into: [string, string][]): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(`${key}.${k}`, v, into);
    return;
  }
  into.push([key, displayValue(value)]);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
