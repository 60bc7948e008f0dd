import type { ConfigRows } from "./config-rows";
import { compilePolicyDocument } from "../policies/compile-policy-document";
import type { CompiledDocument, CompileResult } from "../policies/compiled-document";
import type { PolicyScope } from "../policies/policy";
import { composeInbound } from "../policies/pipeline";
import type { Step } from "../policies/policy";

/** Compiled documents by scope, each compiled once per configuration load. */
export interface LoadedPolicies {
  global: CompiledDocument | null;
  products: ReadonlyMap<string, CompiledDocument>;
  apis: ReadonlyMap<string, CompiledDocument>;
  /** Documents that would not compile, refused rather than ignored. */
  broken: ReadonlySet<string>;
  problems: string[];
}

const NO_PRODUCT = "";

/** Compiles every policy document; `compile` may answer from a cache (the same text compiles the same). */
export function compilePolicies(
  rows: ConfigRows["policies"],
  compile: (text: string, scope: PolicyScope) => CompileResult = compilePolicyDocument,
): LoadedPolicies {
  const products = new Map<string, CompiledDocument>();
  const apis = new Map<string, CompiledDocument>();
  const broken = new Set<string>();
  const problems: string[] = [];
  let global: CompiledDocument | null = null;
  for (const row of rows) {
    const key = `${row.scope}:${row.scopeId}`;
    const { document, diagnostics } = compile(row.value, row.scope);
    if (document === null) {
      // A document saved before a validation rule existed, or written around the API: a gateway
      // that skipped it would drop its access checks, so its APIs refuse instead.
      broken.add(key);
      const first = diagnostics.find((d) => d.severity === "error");
      problems.push(`${key} line ${first?.line}, column ${first?.column}: ${first?.message}`);
      continue;
    }
    if (row.scope === "global") global = document;
    else if (row.scope === "product") products.set(row.scopeId, document);
    else apis.set(row.scopeId, document);
  }
  return { global, products, apis, broken, problems };
}

/** The API's pipelines: one per product it belongs to, and one for callers without a product. */
export function pipelinesFor(apiId: string, productIds: readonly string[], loaded: LoadedPolicies): Map<string, readonly Step[]> {
  const pipelines = new Map<string, readonly Step[]>();
  for (const productId of [NO_PRODUCT, ...productIds]) {
    const keys = ["global:", `api:${apiId}`, ...(productId ? [`product:${productId}`] : [])];
    const brokenKey = keys.find((k) => loaded.broken.has(k));
    if (brokenKey !== undefined) {
      pipelines.set(productId, [brokenPolicyStep(brokenKey)]);
      continue;
    }
    const product = productId ? (loaded.products.get(productId) ?? null) : null;
    pipelines.set(productId, composeInbound(loaded.global, product, loaded.apis.get(apiId) ?? null));
  }
  return pipelines;
}

function brokenPolicyStep(key: string): Step {
  return {
    name: "policies",
    scope: "global",
    run: () => ({
      ok: false,
      status: 500,
      reason: "PolicyConfigurationError",
      message: "The API's policy configuration could not be loaded.",
      source: `policies (${key})`,
    }),
  };
}
