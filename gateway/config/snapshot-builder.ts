import { compilePolicyDocument } from "../policies/compile-policy-document";
import type { CompileResult } from "../policies/compiled-document";
import type { PolicyScope } from "../policies/policy";
import type { ConfigApiRow, ConfigSubscriptionRow } from "./config-rows";
import type { ConfigUpdate } from "./config-source";
import { compilePolicies, pipelinesFor } from "./load-policies";
import { ApiRouter, type ConfigSnapshot, type RoutedApi, type SubscriptionEntry } from "./snapshot";

/** What the last build did, for logs and tests: work should follow what changed. */
export interface BuildStats {
  /** Policy documents compiled (the others came from the cache: same scope and text). */
  documentsCompiled: number;
  /** APIs whose routed object was built anew (the others were reused as they were). */
  apisBuilt: number;
  apisReused: number;
  /** Whether the subscription index was rebuilt (false: the rows were the same). */
  subscriptionsRebuilt: boolean;
}

interface CachedDocument {
  /** Stable for as long as the text is in use: what an API's signature names. */
  id: number;
  result: CompileResult;
}

/**
 * Turns configuration rows into snapshots, reusing what did not change since the previous
 * build: a policy document is compiled once per (scope, text), an API whose row, products and
 * documents are the same keeps its routed object (pipelines included), the subscription index
 * is kept when its rows are, the router when every API is. A reload costs in proportion to
 * what changed, and open connections keep the objects they captured either way.
 */
export class SnapshotBuilder {
  private documents = new Map<string, CachedDocument>();
  private apis = new Map<string, { signature: string; routed: RoutedApi }>();
  private subscriptions: { rows: readonly ConfigSubscriptionRow[]; index: ReadonlyMap<string, SubscriptionEntry> } | null = null;
  private router: { apis: readonly RoutedApi[]; router: ApiRouter } | null = null;
  private nextDocumentId = 1;
  /** What the last `build` did. */
  stats: BuildStats = { documentsCompiled: 0, apisBuilt: 0, apisReused: 0, subscriptionsRebuilt: false };

  /** A snapshot of `update`, sharing unchanged parts with the previous one. */
  build({ rows, keyHashKey }: ConfigUpdate): ConfigSnapshot {
    const stats: BuildStats = { documentsCompiled: 0, apisBuilt: 0, apisReused: 0, subscriptionsRebuilt: false };

    // Documents by scope and text; only the ones still in use stay cached.
    const documents = new Map<string, CachedDocument>();
    const documentIds = new Map<string, number>();
    const compile = (text: string, scope: PolicyScope): CompileResult => {
      const cacheKey = `${scope}\n${text}`;
      let cached = documents.get(cacheKey) ?? this.documents.get(cacheKey);
      if (cached === undefined) {
        cached = { id: this.nextDocumentId++, result: compilePolicyDocument(text, scope) };
        stats.documentsCompiled++;
      }
      documents.set(cacheKey, cached);
      return cached.result;
    };
    for (const row of rows.policies) {
      compile(row.value, row.scope);
      documentIds.set(`${row.scope}:${row.scopeId}`, documents.get(`${row.scope}\n${row.value}`)!.id);
    }
    const loaded = compilePolicies(rows.policies, compile);
    this.documents = documents;

    const productsByApi = new Map<string, string[]>();
    for (const link of rows.productApis) {
      const list = productsByApi.get(link.apiId);
      if (list) list.push(link.productId);
      else productsByApi.set(link.apiId, [link.productId]);
    }

    const apis = new Map<string, { signature: string; routed: RoutedApi }>();
    const routed: RoutedApi[] = [];
    for (const row of rows.apis) {
      const productIds = productsByApi.get(row.id) ?? [];
      const signature = apiSignature(row, productIds, documentIds);
      const previous = this.apis.get(row.id);
      let api: RoutedApi;
      if (previous !== undefined && previous.signature === signature) {
        api = previous.routed;
        stats.apisReused++;
      } else {
        api = {
          id: row.id,
          name: row.displayName,
          path: row.path.toLowerCase(),
          serviceUrl: new URL(row.serviceUrl),
          protocols: new Set(row.protocols),
          subscriptionRequired: row.subscriptionRequired,
          keyHeader: row.subscriptionKeyHeaderName.toLowerCase(),
          keyQuery: row.subscriptionKeyQueryName,
          productIds,
          pipelines: pipelinesFor(row.id, productIds, loaded),
        };
        stats.apisBuilt++;
      }
      apis.set(row.id, { signature, routed: api });
      routed.push(api);
    }
    this.apis = apis;

    const previousRouter = this.router;
    const router =
      previousRouter !== null && previousRouter.apis.length === routed.length && routed.every((api, i) => api === previousRouter.apis[i])
        ? previousRouter.router
        : new ApiRouter(routed);
    this.router = { apis: routed, router };

    let index = this.subscriptions?.index;
    if (index === undefined || !sameSubscriptionRows(this.subscriptions!.rows, rows.subscriptions)) {
      index = subscriptionIndex(rows.subscriptions);
      stats.subscriptionsRebuilt = true;
    }
    this.subscriptions = { rows: rows.subscriptions, index };

    this.stats = stats;
    return {
      revision: rows.revision,
      router,
      subscriptionsByKeyHash: index,
      productNames: new Map(rows.products.map((p) => [p.id, p.displayName])),
      policyProblems: loaded.problems,
      keyHashKey,
      loadedAt: Date.now(),
    };
  }
}

/** Builds one snapshot from scratch (no previous build to reuse). */
export function buildSnapshot(update: ConfigUpdate): ConfigSnapshot {
  return new SnapshotBuilder().build(update);
}

/**
 * Everything an API's routed object is made of: its row, its products and the documents that
 * compose its pipelines (global, its own, its products'), named by their cache ids.
 */
function apiSignature(row: ConfigApiRow, productIds: readonly string[], documentIds: ReadonlyMap<string, number>): string {
  const documents = [documentIds.get("global:") ?? 0, documentIds.get(`api:${row.id}`) ?? 0, ...productIds.map((p) => documentIds.get(`product:${p}`) ?? 0)];
  return [
    row.displayName,
    row.path,
    row.serviceUrl,
    row.protocols.join(","),
    row.subscriptionRequired,
    row.subscriptionKeyHeaderName,
    row.subscriptionKeyQueryName,
    productIds.join(","),
    documents.join(","),
  ].join("\n");
}

function sameSubscriptionRows(a: readonly ConfigSubscriptionRow[], b: readonly ConfigSubscriptionRow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.id !== y.id ||
      x.state !== y.state ||
      x.scope !== y.scope ||
      x.displayName !== y.displayName ||
      x.ownerId !== y.ownerId ||
      x.ownerEmail !== y.ownerEmail ||
      x.primaryKeyHash !== y.primaryKeyHash ||
      x.secondaryKeyHash !== y.secondaryKeyHash
    )
      return false;
  }
  return true;
}

function subscriptionIndex(rows: readonly ConfigSubscriptionRow[]): Map<string, SubscriptionEntry> {
  const byKeyHash = new Map<string, SubscriptionEntry>();
  for (const row of rows) {
    const entry: SubscriptionEntry = {
      id: row.id,
      name: row.displayName,
      scope: row.scope,
      state: row.state,
      ownerId: row.ownerId,
      ownerEmail: row.ownerEmail,
      productId: row.scope.startsWith("/products/") ? row.scope.slice("/products/".length) : null,
      apiId: row.scope.startsWith("/apis/") ? row.scope.slice("/apis/".length) : null,
    };
    byKeyHash.set(row.primaryKeyHash, entry);
    byKeyHash.set(row.secondaryKeyHash, entry);
  }
  return byKeyHash;
}
