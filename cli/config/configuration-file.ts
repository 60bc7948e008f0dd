import { Document, isScalar, parse as parseYaml, visit } from "yaml";
import { z } from "zod";
import { UsageError } from "../cli-errors";
import { RESOURCE_KINDS, type KindKey, type ResourceKind } from "./resource-kinds";

/**
 * The declarative file `export` writes and `apply` reads: one YAML document holding the
 * global policy and one map per kind, keyed by resource name, each entry the resource's
 * configuration properties plus its links (`apis`, `users`) and its `policy`. Written in a
 * fixed order (kinds as listed, names sorted, fields in each kind's order) so the same
 * state always gives the same bytes.
 */

export const CONFIGURATION_VERSION = 1;

/** One resource in the file: properties, links, policy and (optionally) secrets, flat. */
export type ConfigurationEntry = Record<string, unknown>;

export interface Configuration {
  version: number;
  /** The global policy document; absent when there is none (or it is not managed). */
  policy?: string;
  kinds: Partial<Record<KindKey, Record<string, ConfigurationEntry>>>;
}

/** Keys of an entry that are not properties of the resource. */
export function reservedKeys(kind: ResourceKind): string[] {
  return ["policy", ...(kind.links ? [kind.links.key] : []), ...(kind.secretFields ?? [])];
}

const nameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must be a resource name (letters, digits, '-', '_', '.')");

function entrySchema(kind: ResourceKind) {
  const shape: Record<string, z.ZodType> = { policy: z.string().optional() };
  if (kind.links) shape[kind.links.key] = z.array(nameSchema).optional();
  for (const field of kind.secretFields ?? []) shape[field] = z.string().optional();
  return z.looseObject(shape);
}

const TOP_LEVEL_KEYS = ["version", "policy", ...RESOURCE_KINDS.map((kind) => kind.key)];

/** A map of resources by name; `apis:` with nothing under it is an empty map, not an error. */
function entriesSchema(kind: ResourceKind) {
  const entries = z.record(z.string(), z.preprocess((v) => v ?? {}, entrySchema(kind))).superRefine((value, ctx) => {
    for (const name of Object.keys(value)) {
      const result = nameSchema.safeParse(name);
      if (!result.success) ctx.addIssue({ code: "custom", path: [name], message: `the name ${result.error.issues[0]!.message}` });
    }
  });
  return z.preprocess((v) => v ?? {}, entries).optional();
}

const fileSchema = z.strictObject(
  {
    version: z.literal(CONFIGURATION_VERSION, { error: `must be ${CONFIGURATION_VERSION}` }).optional(),
    policy: z.string().optional(),
    ...Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind.key, entriesSchema(kind)])),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key ${issue.keys.map((k) => `'${k}'`).join(", ")} (a configuration has ${TOP_LEVEL_KEYS.join(", ")})`
        : undefined,
  },
);

/** Parses the file's text; a file that is not a valid configuration is a UsageError naming the place. */
export function parseConfiguration(text: string, source: string): Configuration {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new UsageError(`${source} is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  const result = fileSchema.safeParse(data ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`);
    throw new UsageError(`${source} is not a Portcullis configuration:\n  ${lines.join("\n  ")}`);
  }
  const parsed = result.data as Record<string, unknown>;
  const kinds: Configuration["kinds"] = {};
  for (const kind of RESOURCE_KINDS) {
    if (parsed[kind.key] !== undefined) kinds[kind.key] = parsed[kind.key] as Record<string, ConfigurationEntry>;
  }
  return { version: CONFIGURATION_VERSION, policy: parsed.policy as string | undefined, kinds };
}

const HEADER = [
  " Portcullis configuration, written by `portcullis export`.",
  " Apply it to an instance with `portcullis apply -f <file>`: it creates and updates what",
  " differs and deletes nothing unless given --prune.",
].join("\n");

/** The file's text: kinds in dependency order, names sorted, each entry's keys in a fixed order. */
export function stringifyConfiguration(configuration: Configuration): string {
  const ordered: Record<string, unknown> = { version: configuration.version };
  if (configuration.policy !== undefined) ordered.policy = configuration.policy;
  for (const kind of RESOURCE_KINDS) {
    const entries = configuration.kinds[kind.key];
    if (entries === undefined) continue;
    ordered[kind.key] = Object.fromEntries(
      sortedNames(entries).map((name) => [name, orderEntry(kind, entries[name]!)]),
    );
  }
  const document = new Document(ordered);
  document.commentBefore = HEADER;
  // Short lists of names read best on one line: `apis: [echo, chat]`.
  visit(document, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0, blockQuote: "literal", indentSeq: true, flowCollectionPadding: false });
}

/** Names in a locale-independent order, so every machine writes the same file. */
export function sortedNames(entries: Record<string, unknown>): string[] {
  return Object.keys(entries).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function orderEntry(kind: ResourceKind, entry: ConfigurationEntry): ConfigurationEntry {
  const keys = [...kind.fields, ...(kind.links ? [kind.links.key] : []), "policy", ...(kind.secretFields ?? [])];
  const ordered: ConfigurationEntry = {};
  for (const key of keys) if (entry[key] !== undefined) ordered[key] = canonical(entry[key]);
  // Properties the file had that this CLI does not list (kept for apply, never exported).
  for (const key of sortedNames(entry)) if (!(key in ordered) && entry[key] !== undefined) ordered[key] = canonical(entry[key]);
  return ordered;
}

/** Objects with their keys sorted, recursively, so nested values print the same way every time. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(sortedNames(record).map((k) => [k, canonical(record[k])]));
  }
  return value;
}
