import { ApiError } from "../cli-errors";
import { parseResponse, resourceSchema, type ManagementClient } from "../http-client";
import { canonical, reservedKeys, sortedNames, type Configuration, type ConfigurationEntry } from "./configuration-file";
import { isMissingEndpoint, readKind, readPolicy, readSecrets, type CurrentResource } from "./read-current-state";
import {
  linkPath,
  policyLabel,
  policyPath,
  RESOURCE_KINDS,
  resourcePath,
  type PolicyScope,
  type ResourceKind,
} from "./resource-kinds";

/**
 * Reconciles an instance with a configuration file: kind by kind, in dependency order, it
 * reads what is there, compares, and sends only what differs (PUT to create, PATCH with the
 * changed properties to update, PUT/DELETE for links and policies). Nothing is deleted
 * unless `prune`; then resources of the kinds the file lists, links and policies that the
 * file does not have are deleted, dependants first. Each change is reported as a plan line
 * (`+ api echo`, `~ product starter: state notPublished → published`) as it is made.
 */

export interface ApplyOptions {
  prune: boolean;
  /** Report the plan without changing anything. */
  dryRun: boolean;
  /** Called with each plan line. */
  change: (line: string) => void;
  warn: (message: string) => void;
}

/** Applies `desired` and returns how many changes it made (or would make, with dryRun). */
export async function applyConfiguration(client: ManagementClient, desired: Configuration, options: ApplyOptions): Promise<number> {
  const run = new Reconciler(client, options);
  await run.globalPolicy(desired.policy);
  for (const kind of RESOURCE_KINDS) {
    const entries = desired.kinds[kind.key];
    if (entries !== undefined) await run.kind(kind, entries);
  }
  if (options.prune) {
    for (const kind of [...RESOURCE_KINDS].reverse()) {
      const entries = desired.kinds[kind.key];
      if (entries !== undefined) await run.prune(kind, entries);
    }
  }
  return run.changes;
}

class Reconciler {
  changes = 0;
  private readonly unsupported = new Set<string>();

  constructor(
    private readonly client: ManagementClient,
    private readonly options: ApplyOptions,
  ) {}

  async globalPolicy(desired: string | undefined): Promise<void> {
    if (desired === undefined && !this.options.prune) return;
    const scope: PolicyScope = { kind: "global" };
    const current = await readPolicy(this.client, scope);
    if (current === undefined) {
      if (desired !== undefined) this.skipPolicies(scope);
      return;
    }
    await naming("global policy", () => this.policy(scope, desired, current));
  }

  async kind(kind: ResourceKind, entries: Record<string, ConfigurationEntry>): Promise<void> {
    const state = await readKind(this.client, kind, {
      withSecrets: (name) => (kind.secretFields ?? []).some((field) => entries[name]?.[field] !== undefined),
      warn: this.options.warn,
    });
    if (!state.supported) {
      this.unsupported.add(kind.key);
      const count = Object.keys(entries).length;
      if (count > 0) this.options.warn(`Skipping ${count} ${kind.key}: ${state.reason}.`);
      return;
    }
    // readKind has already warned about a policy endpoint this portal lacks.
    if (kind.hasPolicy && [...state.resources.values()].some((r) => r.policy === undefined)) this.unsupported.add(`${kind.key} policies`);
    for (const name of sortedNames(entries)) {
      if (kind.instanceOwned?.includes(name)) {
        this.options.warn(`Skipping ${kind.label} ${name}: every instance has its own.`);
        continue;
      }
      const current = state.resources.get(name);
      await naming(`${kind.label} ${name}`, () =>
        current ? this.update(kind, name, entries[name]!, current) : this.create(kind, name, entries[name]!),
      );
    }
  }

  async prune(kind: ResourceKind, entries: Record<string, ConfigurationEntry>): Promise<void> {
    if (this.unsupported.has(kind.key)) return;
    const current = await this.client.listResources(resourcePath(kind.key));
    const extra = current.map((r) => r.name).filter((name) => !(name in entries) && !kind.permanent?.includes(name) && !kind.instanceOwned?.includes(name));
    for (const name of extra.sort()) {
      this.change(`- ${kind.label} ${name}`);
      if (!this.options.dryRun) await naming(`${kind.label} ${name}`, () => this.client.request("DELETE", resourcePath(kind.key, name)));
    }
  }

  private async create(kind: ResourceKind, name: string, entry: ConfigurationEntry): Promise<void> {
    const properties = propertiesOf(kind, entry);
    const secrets = secretsOf(kind, entry);
    this.change(`+ ${kind.label} ${name}`);
    if (!this.options.dryRun) {
      const path = resourcePath(kind.key, name);
      const response = await this.client.request("PUT", path, { properties: { ...properties, ...secrets } });
      const created = parseResponse(resourceSchema, response.body, `PUT ${path}`);
      // What the create did not take (a state the API sets itself on creation) is patched after.
      const leftover = changedFields(properties, created.properties);
      this.warnUnknown(kind, name, properties, created.properties);
      if (Object.keys(secrets).length > 0) {
        const stored = await readSecrets(this.client, kind, name);
        for (const [field, value] of Object.entries(secrets)) if (stored[field] !== value) leftover[field] = value;
      }
      if (Object.keys(leftover).length > 0) await this.patch(kind, name, leftover, created.properties);
    }
    if (kind.links && !kind.derivedLinks?.includes(name)) {
      for (const linked of linksOf(kind, entry) ?? []) await this.link(kind, name, linked, "+");
    }
    if (kind.hasPolicy && typeof entry.policy === "string") {
      const scope: PolicyScope = { kind: kind.key as "apis" | "products", id: name };
      // Reading first finds out whether this portal has the scope's policy endpoint at all.
      const current = this.unsupported.has(`${scope.kind} policies`) ? null : await readPolicy(this.client, scope);
      if (current === undefined) this.skipPolicies(scope);
      else await this.policy(scope, entry.policy, current);
    }
  }

  private async update(kind: ResourceKind, name: string, entry: ConfigurationEntry, current: CurrentResource): Promise<void> {
    const properties = propertiesOf(kind, entry);
    this.warnUnknown(kind, name, properties, current.properties);
    const changed = changedFields(properties, current.properties);
    for (const [field, value] of Object.entries(changed)) {
      for (const line of describeChange(field, current.properties[field], value)) this.change(`~ ${kind.label} ${name}: ${line}`);
    }
    for (const [field, value] of Object.entries(secretsOf(kind, entry))) {
      if (current.secrets?.[field] === value) continue;
      this.change(`~ ${kind.label} ${name}: ${field} (secret)`);
      changed[field] = value;
    }
    if (Object.keys(changed).length > 0 && !this.options.dryRun) await this.patch(kind, name, changed, current.properties);

    const links = linksOf(kind, entry);
    if (kind.links && links !== undefined && current.links !== undefined) {
      for (const linked of links) if (!current.links.includes(linked)) await this.link(kind, name, linked, "+");
      if (this.options.prune) {
        for (const linked of current.links) if (!links.includes(linked)) await this.link(kind, name, linked, "-");
      }
    }
    if (kind.hasPolicy && current.policy !== undefined) {
      const desired = typeof entry.policy === "string" ? entry.policy : undefined;
      await this.policy({ kind: kind.key as "apis" | "products", id: name }, desired, current.policy);
    }
  }

  /**
   * PATCH the changed properties. A change PATCH cannot make (a subscription's scope or keys),
   * or a resource without PATCH (405), gets a PUT of the current properties merged with the changes.
   */
  private async patch(kind: ResourceKind, name: string, changes: Record<string, unknown>, current: Record<string, unknown>): Promise<void> {
    const path = resourcePath(kind.key, name);
    const replace = () => this.client.request("PUT", path, { properties: { ...current, ...changes } });
    if (kind.patchable && Object.keys(changes).some((field) => !kind.patchable!.includes(field))) {
      await replace();
      return;
    }
    try {
      await this.client.request("PATCH", path, { properties: changes });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 405)) throw error;
      await replace();
    }
  }

  private async link(kind: ResourceKind, name: string, linked: string, op: "+" | "-"): Promise<void> {
    const key = `${kind.key} links`;
    if (this.unsupported.has(key)) return;
    this.change(`${op} ${kind.label} ${name}: ${kind.links!.label} ${linked}`);
    if (this.options.dryRun) return;
    try {
      await this.client.request(op === "+" ? "PUT" : "DELETE", linkPath(kind, name, linked));
    } catch (error) {
      if (!isMissingEndpoint(error)) throw error;
      this.unsupported.add(key);
      this.options.warn(`Skipping the ${kind.links!.key} of ${kind.key}: this portal has no ${linkPath(kind, name, linked)} endpoint (404).`);
    }
  }

  /** Puts, replaces or (with prune) deletes a scope's policy so it matches `desired`. */
  private async policy(scope: PolicyScope, desired: string | undefined, current: string | null): Promise<void> {
    const key = `${scope.kind} policies`;
    if (this.unsupported.has(key)) return;
    let method: "PUT" | "DELETE";
    if (desired !== undefined) {
      if (current !== null && normalizePolicy(current) === normalizePolicy(desired)) return;
      this.change(`${current === null ? "+" : "~"} policy ${policyLabel(scope)}`);
      method = "PUT";
    } else {
      if (!this.options.prune || current === null) return;
      this.change(`- policy ${policyLabel(scope)}`);
      method = "DELETE";
    }
    if (this.options.dryRun) return;
    const body = method === "PUT" ? { properties: { format: "rawxml", value: desired } } : undefined;
    try {
      await this.client.request(method, policyPath(scope), body);
    } catch (error) {
      if (!isMissingEndpoint(error)) throw error;
      this.skipPolicies(scope);
    }
  }

  private skipPolicies(scope: PolicyScope): void {
    this.unsupported.add(`${scope.kind} policies`);
    const what = scope.kind === "global" ? "the global policy" : `${scope.kind === "apis" ? "api" : "product"} policies`;
    this.options.warn(`Skipping ${what}: this portal has no ${policyPath(scope)} endpoint (404).`);
  }

  /** A property the API does not return (a typo, or a field of a newer portal) can never match: say so once. */
  private warnUnknown(kind: ResourceKind, name: string, desired: Record<string, unknown>, current: Record<string, unknown>): void {
    const unknown = Object.keys(desired).filter((field) => !(field in current));
    if (unknown.length === 0) return;
    const list = unknown.map((f) => `'${f}'`).join(", ");
    this.options.warn(`${kind.label} ${name}: ignoring ${list}, which this portal's ${kind.key} do not have.`);
  }

  private change(line: string): void {
    this.changes++;
    this.options.change(line);
  }
}

/** Runs `action`; an API error it throws names the resource it was about (`api echo: …`). */
async function naming<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, `${what}: ${error.message}`, error.details);
    throw error;
  }
}

/** The entry's resource properties: everything but its links, policy and secrets. */
function propertiesOf(kind: ResourceKind, entry: ConfigurationEntry): Record<string, unknown> {
  const reserved = reservedKeys(kind);
  return Object.fromEntries(Object.entries(entry).filter(([key, value]) => !reserved.includes(key) && value !== undefined));
}

function secretsOf(kind: ResourceKind, entry: ConfigurationEntry): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const field of kind.secretFields ?? []) if (typeof entry[field] === "string") secrets[field] = entry[field];
  return secrets;
}

function linksOf(kind: ResourceKind, entry: ConfigurationEntry): string[] | undefined {
  const links = kind.links ? entry[kind.links.key] : undefined;
  return Array.isArray(links) ? [...new Set(links as string[])].sort() : undefined;
}

/**
 * The desired properties whose value differs from the current one. A property absent from the
 * file is left as it is; one the API does not return is not compared (warnUnknown says so).
 */
function changedFields(desired: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(desired)) {
    if (field in current && !sameValue(value, current[field])) changed[field] = value;
  }
  return changed;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

/** Plan lines for one changed property; an object property gives a line per changed member. */
export function describeChange(field: string, from: unknown, to: unknown): string[] {
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isRecord(from) && isRecord(to)) {
    const keys = sortedNames({ ...from, ...to });
    return keys.filter((k) => !sameValue(from[k], to[k])).flatMap((k) => describeChange(`${field}.${k}`, from[k], to[k]));
  }
  return [`${field} ${planValue(from)} → ${planValue(to)}`];
}

function planValue(value: unknown): string {
  if (value === undefined) return "(unset)";
  if (typeof value === "string" && /^[^\s"',]+$/.test(value)) return value;
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

/** Policy documents compared as XML text: line endings and whitespace between tags do not count. */
function normalizePolicy(xml: string): string {
  return xml.replace(/\r\n?/g, "\n").replace(/>\s+</g, "><").trim();
}
