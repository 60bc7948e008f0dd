import type { CommandContext } from "./command";
import type { Resource } from "./http-client";

/** Prints one resource: its JSON with --json, else `name:` and its properties as aligned fields. */
export function showResource(context: CommandContext, resource: Resource, extra: readonly (readonly [string, unknown])[] = []): void {
  if (context.json) {
    context.out.json(resource);
    return;
  }
  context.out.fields([["name", resource.name], ...Object.entries(resource.properties), ...extra]);
}

/** A resource name as a path segment. */
export function segment(name: string): string {
  return encodeURIComponent(name);
}
