import { UsageError } from "./cli-errors";

/**
 * Option values that are more than a string, parsed where they enter. Only the shape is
 * checked here; the management API validates the values and says what is wrong with them.
 */

/** `ws,wss` → ["ws", "wss"]. */
export function parseList(value: string, option: string): string[] {
  const items = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (items.length === 0) throw new UsageError(`${option} needs at least one value.`);
  return items;
}

/** A whole number, or `unlimited` → null. */
export function parseLimit(value: string, option: string): number | null {
  if (value === "unlimited") return null;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number or 'unlimited', not '${value}'.`);
  return Number(value);
}

/** Exactly one of the options, or none: `--api` and `--product` together are a usage error. */
export function atMostOne<T extends string>(values: Partial<Record<T, string | undefined>>): [T, string] | null {
  const given = Object.entries(values).filter(([, v]) => v !== undefined) as [T, string][];
  if (given.length > 1) throw new UsageError(`Give only one of ${given.map(([k]) => `--${k}`).join(", ")}.`);
  return given[0] ?? null;
}
