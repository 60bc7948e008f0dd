import type { ConfigRows } from "./config-rows";

/** The sections of ConfigRows besides the revision. */
export type ConfigSection = Exclude<keyof ConfigRows, "revision">;

/** Configuration rows with the sections that did not change since the previous message left out (null). */
export type ChangedConfigRows = { revision: number } & { [K in ConfigSection]: ConfigRows[K] | null };

const SECTIONS: readonly ConfigSection[] = ["apis", "productApis", "products", "policies", "subscriptions"];

/**
 * Leaves out of each configuration the sections that are the same as in the previous one it was
 * given (compared as serialised text): what a sender posts across a thread or process boundary,
 * so a change to one API does not clone every subscription into a thread that relays frames.
 */
export class ConfigSectionDiffer {
  private readonly last = new Map<ConfigSection, string>();

  /** `rows` with its unchanged sections null; remembers `rows` as the previous one. */
  diff(rows: ConfigRows): ChangedConfigRows {
    const changed = { revision: rows.revision } as ChangedConfigRows;
    for (const section of SECTIONS) {
      const text = JSON.stringify(rows[section]);
      const same = this.last.get(section) === text;
      this.last.set(section, text);
      (changed as Record<ConfigSection, unknown>)[section] = same ? null : rows[section];
    }
    return changed;
  }
}

/**
 * The full rows: the sections left out taken from `previous` (the same arrays, so the snapshot
 * builder sees them unchanged at a glance). Throws when a section is missing from a first update.
 */
export function completeConfigRows(changed: ChangedConfigRows, previous: ConfigRows | null): ConfigRows {
  const pick = <K extends ConfigSection>(section: K): ConfigRows[K] => {
    const value = changed[section] ?? previous?.[section];
    if (value === undefined || value === null) throw new Error(`configuration section ${String(section)} missing from the first update`);
    return value as ConfigRows[K];
  };
  return {
    revision: changed.revision,
    apis: pick("apis"),
    productApis: pick("productApis"),
    products: pick("products"),
    policies: pick("policies"),
    subscriptions: pick("subscriptions"),
  };
}
