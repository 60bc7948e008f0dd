"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { managementFetch, managementList, type Page } from "@/components/admin/management-fetch";
import type { ApiContract } from "@/server/apis/api.schemas";
import type { GatewayContract, GatewayInstanceContract, GatewayKeysContract, GatewayKeyType } from "@/server/gateways/gateway.schemas";

/** Query keys of the gateways screens. */
export const gatewayKeys = {
  all: ["gateways"] as const,
  list: ["gateways", "list-full"] as const,
  detail: (id: string) => ["gateways", "detail", id] as const,
  apis: (id: string) => ["gateways", "apis", id] as const,
  apiCount: (id: string) => ["gateways", "api-count", id] as const,
  instances: (id: string) => ["gateways", "instances", id] as const,
  keys: (id: string) => ["gateways", "keys", id] as const,
};
const at = (id: string) => `/gateways/${encodeURIComponent(id)}`;

/** Every gateway. */
export function useGatewayList() {
  return useQuery({ queryKey: gatewayKeys.list, queryFn: () => managementList<GatewayContract>("/gateways"), refetchInterval: 30_000 });
}
/** One gateway. */
export function useGateway(id: string) {
  return useQuery({ queryKey: gatewayKeys.detail(id), queryFn: () => managementFetch<GatewayContract>(at(id)), refetchInterval: 30_000 });
}
/** The APIs a gateway serves. */
export function useGatewayApis(id: string) {
  return useQuery({ queryKey: gatewayKeys.apis(id), queryFn: () => managementList<ApiContract>(`${at(id)}/apis`) });
}
/** How many APIs a gateway serves. */
export function useGatewayApiCount(id: string) {
  return useQuery({ queryKey: gatewayKeys.apiCount(id), queryFn: async () => (await managementFetch<Page<ApiContract>>(`${at(id)}/apis?$top=1`)).count });
}

/** The gateway's instances, refreshed often: they report every 20 seconds. */
export function useGatewayInstances(id: string) {
  return useQuery({
    queryKey: gatewayKeys.instances(id),
    queryFn: () => managementList<GatewayInstanceContract>(`${at(id)}/instances`),
    refetchInterval: 5_000,
  });
}

/** The gateway's keys, only once asked for (administrators). */
export function useGatewayKeys(id: string, enabled: boolean) {
  return useQuery({
    queryKey: gatewayKeys.keys(id),
    queryFn: () => managementFetch<GatewayKeysContract>(`${at(id)}/listKeys`, { method: "POST" }),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
  });
}

/** Regenerates one key; the keys are read again. */
export function useRegenerateGatewayKey(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyType: GatewayKeyType) => managementFetch<null>(`${at(id)}/regenerateKey`, { method: "POST", body: { keyType } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: gatewayKeys.keys(id) }),
  });
}

/** Makes a token valid until `expiry`. */
export function useGenerateGatewayToken(id: string) {
  return useMutation({
    mutationFn: (request: { keyType: GatewayKeyType; expiry: string }) =>
      managementFetch<{ value: string }>(`${at(id)}/generateToken`, { method: "POST", body: request }),
  });
}
