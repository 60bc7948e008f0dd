"use client";

import { Select } from "@/components/ui/select";
import type { FieldControlProps } from "@/components/ui/field";
import { useScopeOptions } from "./scope-label";

/**
 * A subscription scope picker: the empty choice (`emptyLabel`), "All APIs", then the products
 * and the APIs in groups. Give it a Field's control props, or an `id` for a bare label.
 */
export function ScopeSelect({
  value,
  onChange,
  emptyLabel,
  ...control
}: Partial<FieldControlProps> & { value: string; onChange: (scope: string) => void; emptyLabel: (loading: boolean) => string }) {
  const scopes = useScopeOptions();
  return (
    <Select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{emptyLabel(scopes.isPending)}</option>
      <option value="/apis">All APIs</option>
      {scopes.products.length > 0 ? (
        <optgroup label="Products">
          {scopes.products.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
      ) : null}
      {scopes.apis.length > 0 ? (
        <optgroup label="APIs">
          {scopes.apis.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
      ) : null}
    </Select>
  );
}
