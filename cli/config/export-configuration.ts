import { ApiError } from "../cli-errors";
import type { ManagementClient } from "../http-client";
import { CONFIGURATION_VERSION, type Configuration, type ConfigurationEntry } from "./configuration-file";
import { readKind, readPolicy, type CurrentResource } from "./read-current-state";
import { RESOURCE_KINDS, type ResourceKind } from "./resource-kinds";

/**
 * The whole configuration of an instance as one declarative document: every kind's resources
 * with their configuration properties, links and policies, and the global policy. Secrets
 * (subscription keys) only when asked; users never carry passwords (the API does not return them).
 */
export async function exportConfiguration(
  client: ManagementClient,
  options: { includeSecrets: boolean; warn: (message: string) => void },
): Promise<Configuration> {
  const configuration: Configuration = { version: CONFIGURATION_VERSION, kinds: {} };
  const globalPolicy = await readPolicy(client, { kind: "global" });
  if (globalPolicy === undefined) options.warn("Skipping policies: this portal has no /policies/policy endpoint (404).");
  else if (globalPolicy !== null) configuration.policy = globalPolicy;

  for (const kind of RESOURCE_KINDS) {
    let state;
    try {
      state = await readKind(client, kind, { withSecrets: () => options.includeSecrets, warn: options.warn });
    } catch (error) {
      // A publisher's token may not read users: export the rest, and say what is missing.
      if (!(error instanceof ApiError && error.status === 403)) throw error;
      options.warn(`Skipping ${kind.key}: ${error.message}`);
      continue;
    }
    if (!state.supported) {
      options.warn(`Skipping ${kind.key}: ${state.reason}.`);
      continue;
    }
    const entries: Record<string, ConfigurationEntry> = {};
    for (const resource of state.resources.values()) entries[resource.name] = toEntry(kind, resource);
    configuration.kinds[kind.key] = entries;
  }
  return configuration;
}

/** A resource as a file entry: its configuration fields that the API returned, links, policy, secrets. */
export function toEntry(kind: ResourceKind, resource: CurrentResource): ConfigurationEntry {
  const entry: ConfigurationEntry = {};
  for (const field of kind.fields) {
    if (resource.properties[field] !== undefined) entry[field] = resource.properties[field];
  }
  if (kind.links && resource.links !== undefined) entry[kind.links.key] = resource.links;
  if (typeof resource.policy === "string") entry.policy = resource.policy;
  if (resource.secrets) Object.assign(entry, resource.secrets);
  return entry;
}
