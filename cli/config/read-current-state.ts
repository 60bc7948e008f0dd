import { z } from "zod";
import { ApiError } from "../cli-errors";
import { parseResponse, type ManagementClient } from "../http-client";
import { linkPath, policyPath, resourcePath, type PolicyScope, type ResourceKind } from "./resource-kinds";

/**
 * Reads what an instance holds now, one kind at a time, for `export` and `apply`. A kind or
 * a policy scope whose endpoint the portal does not have (404 from the collection, or the
 * catch-all's "no resource at" on a policy) reads as unsupported rather than failing.
 */

/** One resource as it is on the instance. */
export interface CurrentResource {
  name: string;
  /** Every property the API returned. */
  properties: Record<string, unknown>;
  /** Names of the linked resources, sorted; undefined when the kind has no links or they cannot be read. */
  links?: string[];
  /** The policy document; null when there is none, undefined when policies cannot be read. */
  policy?: string | null;
  /** `listSecrets`, when asked for. */
  secrets?: Record<string, string>;
}

/** A kind's resources by name, or `supported: false` when the portal has no such collection. */
export type KindState = { supported: true; resources: Map<string, CurrentResource> } | { supported: false; reason: string };

export interface ReadOptions {
  /** Whether to read this resource's secrets (`listSecrets`). */
  withSecrets?: (name: string) => boolean;
  warn: (message: string) => void;
}

/** True for the catch-all's answer: the portal has no such route (as opposed to no such resource). */
export function isMissingEndpoint(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 404 &&
    /^The management API has no resource at /.test(error.message)
  );
}

/** Reads every resource of a kind with its links, policy and (when asked) secrets. */
export async function readKind(client: ManagementClient, kind: ResourceKind, options: ReadOptions): Promise<KindState> {
  let items;
  try {
    items = await client.listResources(resourcePath(kind.key));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return { supported: false, reason: `this portal has no ${resourcePath(kind.key)} endpoint (404)` };
    }
    throw error;
  }
  const resources = new Map<string, CurrentResource>();
  let linksSupported = kind.links !== undefined;
  let policySupported = kind.hasPolicy === true;
  for (const item of items) {
    if (kind.instanceOwned?.includes(item.name)) continue;
    const resource: CurrentResource = { name: item.name, properties: item.properties };
    if (linksSupported && !kind.derivedLinks?.includes(item.name)) {
      const links = await readLinks(client, kind, item.name);
      if (links === null) {
        linksSupported = false;
        options.warn(`Skipping the ${kind.links!.key} of ${kind.key}: this portal has no ${linkPath(kind, item.name)} endpoint (404).`);
      } else {
        resource.links = links;
      }
    }
    if (policySupported) {
      const policy = await readPolicy(client, { kind: kind.key as "apis" | "products", id: item.name });
      if (policy === undefined) {
        policySupported = false;
        options.warn(`Skipping ${kind.label} policies: this portal has no ${policyPath({ kind: kind.key as "apis", id: item.name })} endpoint (404).`);
      } else {
        resource.policy = policy;
      }
    }
    if (kind.secretFields && options.withSecrets?.(item.name)) {
      resource.secrets = await readSecrets(client, kind, item.name);
    }
    resources.set(item.name, resource);
  }
  return { supported: true, resources };
}

/** The names a resource links to, sorted; null when the portal has no such endpoint. */
export async function readLinks(client: ManagementClient, kind: ResourceKind, name: string): Promise<string[] | null> {
  let items: unknown[];
  try {
    items = await client.list(linkPath(kind, name));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
  const names = items.map((item) => linkedName(item, linkPath(kind, name)));
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const linkItemSchema = z.union([
  z.object({ name: z.string() }),
  z.object({ id: z.string() }),
]);

/** A linked resource's name: its `name`, or the last segment of its `id`. */
function linkedName(item: unknown, path: string): string {
  const parsed = parseResponse(linkItemSchema, item, `GET ${path}`);
  if ("name" in parsed) return parsed.name;
  return decodeURIComponent(parsed.id.split("/").pop() ?? parsed.id);
}

const policySchema = z.object({ properties: z.object({ value: z.string() }) });

/** A scope's policy document; null when it has none, undefined when the portal has no such endpoint. */
export async function readPolicy(client: ManagementClient, scope: PolicyScope): Promise<string | null | undefined> {
  const path = policyPath(scope);
  try {
    const body = await client.get(path);
    return parseResponse(policySchema, body, `GET ${path}`).properties.value;
  } catch (error) {
    if (isMissingEndpoint(error)) return undefined;
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

const secretsSchema = z.record(z.string(), z.unknown());

/** A resource's secrets (`POST …/listSecrets`, or the kind's own source), only the kind's secret fields. */
export async function readSecrets(client: ManagementClient, kind: ResourceKind, name: string): Promise<Record<string, string>> {
  const path = `${resourcePath(kind.key, name)}/${kind.secretsSource?.action ?? "listSecrets"}`;
  const body = parseResponse(secretsSchema, (await client.request("POST", path)).body, `POST ${path}`);
  const secrets: Record<string, string> = {};
  for (const field of kind.secretFields ?? []) {
    const value = body[kind.secretsSource?.fields[field] ?? field];
    if (typeof value === "string") secrets[field] = value;
  }
  return secrets;
}
