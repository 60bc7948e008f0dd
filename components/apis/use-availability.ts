"use client";

import { useQuery } from "@tanstack/react-query";
import { managementFetch, type Page } from "@/components/admin/management-fetch";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import type { ApiContract } from "@/server/apis/api.schemas";
import { apiKeys } from "./api-queries";

/** Whether a path or name is free, checked against the management API as the user types. */
export type Availability =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "available" }
  | { state: "taken"; by: { name: string; displayName: string } }
  | { state: "unknown" };

const DEBOUNCE_MS = 300;

/**
 * Is the URL suffix `path` (already valid) used by an API other than `ownApiId`? Asks
 * `GET /apis?path=` once typing pauses; the server's PUT/PATCH remain the real check.
 */
export function usePathAvailability(path: string | null, ownApiId?: string): Availability {
  const debounced = useDebouncedValue(path, DEBOUNCE_MS);
  const settled = path !== null && debounced === path;
  const query = useQuery({
    queryKey: apiKeys.byPath(debounced ?? ""),
    queryFn: async () => (await managementFetch<Page<ApiContract>>(`/apis?path=${encodeURIComponent(debounced!)}&$top=1`)).value[0] ?? null,
    enabled: settled,
    staleTime: 2_000,
  });
  if (path === null) return { state: "idle" };
  if (!settled || query.isPending) return { state: "checking" };
  if (query.isError) return { state: "unknown" };
  const other = query.data;
  if (!other || other.name === ownApiId) return { state: "available" };
  return { state: "taken", by: { name: other.name, displayName: other.properties.displayName } };
}

/** Is the API name `name` (already valid) free? `GET /apis?name=`: an empty list means yes (a 200, no console error). */
export function useNameAvailability(name: string | null): Availability {
  const debounced = useDebouncedValue(name, DEBOUNCE_MS);
  const settled = name !== null && debounced === name;
  const query = useQuery({
    queryKey: apiKeys.byName(debounced ?? ""),
    queryFn: async () => (await managementFetch<Page<ApiContract>>(`/apis?name=${encodeURIComponent(debounced!)}&$top=1`)).value[0] ?? null,
    enabled: settled,
    staleTime: 2_000,
  });
  if (name === null) return { state: "idle" };
  if (!settled || query.isPending) return { state: "checking" };
  if (query.isError) return { state: "unknown" };
  if (!query.data) return { state: "available" };
  return { state: "taken", by: { name: query.data.name, displayName: query.data.properties.displayName } };
}
