"use client";

import { useQuery } from "@tanstack/react-query";
import { managementList } from "@/components/admin/management-fetch";
import type { BadgeTone } from "@/components/ui/badge";
import type { SubscriptionContract } from "@/server/subscriptions/subscription.schemas";

export type SubscriptionState = SubscriptionContract["properties"]["state"];

/** The states in lifecycle order, with how each looks. */
export const SUBSCRIPTION_STATE_LOOKS: Record<SubscriptionState, { label: string; tone: BadgeTone }> = {
  submitted: { label: "Submitted", tone: "amber" },
  active: { label: "Active", tone: "green" },
  suspended: { label: "Suspended", tone: "amber" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  rejected: { label: "Rejected", tone: "red" },
  expired: { label: "Expired", tone: "neutral" },
};

/** Query keys of the subscriptions screens. */
export const subscriptionKeys = {
  all: ["subscriptions"] as const,
  list: (filters: { state: string; scope: string }) => ["subscriptions", "list", filters] as const,
};

/** The subscriptions matching the filters (empty string: any). */
export function useSubscriptions(filters: { state: string; scope: string }) {
  const query = new URLSearchParams();
  if (filters.state) query.set("state", filters.state);
  if (filters.scope) query.set("scope", filters.scope);
  const qs = query.toString();
  return useQuery({ queryKey: subscriptionKeys.list(filters), queryFn: () => managementList<SubscriptionContract>(`/subscriptions${qs ? `?${qs}` : ""}`) });
}
