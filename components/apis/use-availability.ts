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
  return useApiAvailability("path", path, (p) => apiKeys.byPath(p), ownApiId);
}

/** Is the API name `name` (already valid) free? `GET /apis?name=`: an empty list means yes (a 200, no console error). */
export function useNameAvailability(name: string | null): Availability {
  return useApiAvailability("name", name, (n) => apiKeys.byName(n));
}

/** Asks `GET /apis?<field>=value&$top=1` once typing pauses: taken when it finds an API other than `ownApiId`. */
function useApiAvailability(
  field: "path" | "name",
  value: string | null,
  queryKey: (value: string) => readonly string[],
  ownApiId?: string,
): Availability {
  const debounced = useDebouncedValue(value, DEBOUNCE_MS);
  const settled = value !== null && debounced === value;
  const query = useQuery({
    queryKey: queryKey(debounced ?? ""),
    queryFn: async () => (await managementFetch<Page<ApiContract>>(`/apis?${field}=${encodeURIComponent(debounced!)}&$top=1`)).value[0] ?? null,
    enabled: settled,
    staleTime: 2_000,
  });
  if (value === null) return { state: "idle" };
  if (!settled || query.isPending) return { state: "checking" };
  if (query.isError) return { state: "unknown" };
  const other = query.data;
  if (!other || other.name === ownApiId) return { state: "available" };
  return { state: "taken", by: { name: other.name, displayName: other.properties.displayName } };
}
