import { defineCommand, type Command } from "./command";
import type { Resource } from "./http-client";
import { displayValue, type Column } from "./output";

export interface ListCommandSpec {
  /** The collection's word: `apis` makes `apis list`. */
  noun: string;
  summary: string;
  /** The collection's path under the management API (`/apis`). */
  path: string;
  /** The columns after NAME and DISPLAY NAME. */
  columns: readonly Column<Resource>[];
  /** What is printed when there are none (`No APIs.`). */
  empty: string;
}

/** `<noun> list`: every resource of the collection as JSON with --json, else a NAME, DISPLAY NAME, … table. */
export function defineListCommand(spec: ListCommandSpec): Command<never, Record<never, never>> {
  return defineCommand({
    words: [spec.noun, "list"],
    summary: spec.summary,
    args: [],
    options: {},
    json: true,
    async run(context) {
      const resources = await context.client().listResources(spec.path);
      if (context.json) return context.out.json(resources);
      context.out.table(
        resources,
        [
          { header: "NAME", value: (r) => r.name },
          { header: "DISPLAY NAME", value: (r) => displayValue(r.properties.displayName) },
          ...spec.columns,
        ],
        spec.empty,
      );
    },
  });
}

/** A `subscriptionRequired` property as the SUBSCRIPTION cell: optional only when it is false. */
export function subscriptionCell(resource: Resource): string {
  return resource.properties.subscriptionRequired === false ? "optional" : "required";
}
