"use client";

import { useQuery } from "@tanstack/react-query";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import type { PolicyContract } from "@/server/policies/policy.schemas";
import { policyPath, type PolicyTarget } from "./policy-documents";

/** Query keys of policy documents; `policyKeys.all` invalidates every one of them. */
export const policyKeys = {
  all: ["policies"] as const,
  document: (target: PolicyTarget) => ["policies", target.scope, target.scope === "global" ? "" : target.id] as const,
};

/** The saved document of a target, or null when none is saved (the API answers 404). */
export async function fetchPolicyDocument(target: PolicyTarget): Promise<string | null> {
  try {
    return (await managementFetch<PolicyContract>(policyPath(target))).properties.value;
  } catch (error) {
    if (error instanceof ManagementRequestError && error.status === 404) return null;
    throw error;
  }
}

/** The saved document of a target (null: none saved, the scope inherits). */
export function usePolicyDocument(target: PolicyTarget | null) {
  return useQuery({
    queryKey: target ? policyKeys.document(target) : ["policies", "none"],
    queryFn: () => (target ? fetchPolicyDocument(target) : null),
    // The editor keeps its own copy while it is open; refetching on focus would only race it.
    refetchOnWindowFocus: false,
  });
}

/** Saves the document (the server validates it and answers 400 with positions when it refuses). */
export async function savePolicyDocument(target: PolicyTarget, value: string): Promise<string> {
  const saved = await managementFetch<PolicyContract>(policyPath(target), { method: "PUT", body: { properties: { format: "xml", value } } });
  return saved.properties.value;
}

/** Deletes the document: the scope inherits again. */
export async function deletePolicyDocument(target: PolicyTarget): Promise<void> {
  await managementFetch(policyPath(target), { method: "DELETE" });
}
