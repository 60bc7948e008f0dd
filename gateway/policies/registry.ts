/**
 * Every policy Portcullis runs, by element name: an explicit list (STYLE.md habit 5), so a
 * policy exists when it is imported here and nowhere else. Keep it sorted by name.
 */
import type { PolicyDefinition } from "./policy";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own config type
export const POLICY_DEFINITIONS: readonly PolicyDefinition<any>[] = [];
