"use client";

import { useQuery } from "@tanstack/react-query";
import { managementFetch, managementList, ManagementRequestError } from "@/components/admin/management-fetch";
import type { ApiContract, OperationContract } from "@/server/apis/api.schemas";

/** Query keys of the APIs screens; `apiKeys.all` invalidates every one of them. */
export const apiKeys = {
  all: ["apis"] as const,
  list: ["apis", "list"] as const,
  detail: (apiId: string) => ["apis", "detail", apiId] as const,
  operations: (apiId: string) => ["apis", "operations", apiId] as const,
  byPath: (path: string) => ["apis", "by-path", path.toLowerCase()] as const,
  byName: (name: string) => ["apis", "by-name", name] as const,
};

/** Every API. */
export function useApis() {
  return useQuery({ queryKey: apiKeys.list, queryFn: () => managementList<ApiContract>("/apis") });
}

/** One API. */
export function useApi(apiId: string) {
  return useQuery({ queryKey: apiKeys.detail(apiId), queryFn: () => managementFetch<ApiContract>(`/apis/${encodeURIComponent(apiId)}`) });
}

/** The API's operations: always the one onHandshake. */
export function useApiOperations(apiId: string) {
  return useQuery({
    queryKey: apiKeys.operations(apiId),
    queryFn: async () => (await managementFetch<{ value: OperationContract[] }>(`/apis/${encodeURIComponent(apiId)}/operations`)).value,
  });
}

/** A resource the API links to (a product, a gateway), as the management API lists it. */
export interface LinkTarget {
  name: string;
  properties: { displayName?: string; description?: string; state?: string };
}

/** A collection that may not exist on this instance yet: `available: false` when the endpoint answers 404. */
export type OptionalCollection = { available: true; items: LinkTarget[] } | { available: false };

async function optionalList(path: string): Promise<OptionalCollection> {
  try {
    return { available: true, items: await managementList<LinkTarget>(path) };
  } catch (error) {
    if (error instanceof ManagementRequestError && (error.status === 404 || error.status === 405)) return { available: false };
    throw error;
  }
}

/** The products an API can be published in. */
export function useProducts() {
  return useQuery({ queryKey: ["products", "list"], queryFn: () => optionalList("/products") });
}

/** The gateways an API can be served by. */
export function useGateways() {
  return useQuery({ queryKey: ["gateways", "list"], queryFn: () => optionalList("/gateways") });
}
