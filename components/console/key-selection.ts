import type { TestConsoleKey } from "./connection-panel";

/** The key selected at first: the one asked for when it exists, else the first key, else none (-1). */
export function initialKeyIndex(keys: readonly TestConsoleKey[], requested: number | undefined): number {
  if (requested !== undefined && requested >= -1 && requested < keys.length) return requested;
  return keys.length > 0 ? 0 : -1;
}

/**
 * The selection after the key list changed: the first key that was not there before (a
 * subscription just made, so the console connects with it), else the current one while it is
 * still in the list, else the initial choice.
 */
export function keyIndexAfterChange(previous: readonly TestConsoleKey[], keys: readonly TestConsoleKey[], current: number, requested: number | undefined): number {
  const before = new Set(previous.map((k) => k.key));
  const added = keys.findIndex((k) => !before.has(k.key));
  if (added >= 0) return added;
  return current >= keys.length ? initialKeyIndex(keys, requested) : current;
}
