"use client";

import { useQuery } from "@tanstack/react-query";
import { managementFetch, managementList, type Page } from "@/components/admin/management-fetch";
import type { ApiContract } from "@/server/apis/api.schemas";
import type { GatewayContract } from "@/server/gateways/gateway.schemas";

/** Query keys of the gateways screens. */
export const gatewayKeys = {
  all: ["gateways"] as const,
  list: ["gateways", "list-full"] as const,
  detail: (id: string) => ["gateways", "detail", id] as const,
  apis: (id: string) => ["gateways", "apis", id] as const,
  apiCount: (id: string) => ["gateways", "api-count", id] as const,
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
