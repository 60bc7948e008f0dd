"use client";

import type { SelectHTMLAttributes } from "react";
import { useApis } from "@/components/apis/api-queries";
import { useGatewayList } from "@/components/gateways/gateway-queries";
import { Select } from "@/components/ui/select";

type FilterProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange"> & {
  /** The chosen id, "" for all. */
  value: string;
  onChange: (id: string) => void;
};

/** The gateway filter of the dashboards and the logs: "All gateways" or one, by display name. */
export function GatewayFilter({ value, onChange, ...rest }: FilterProps) {
  const gateways = useGatewayList();
  return (
    <Select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All gateways</option>
      {(gateways.data ?? []).map((g) => (
        <option key={g.name} value={g.name}>
          {g.properties.displayName}
        </option>
      ))}
    </Select>
  );
}

/** The API filter of the dashboards and the logs: "All APIs" or one, by display name. */
export function ApiFilter({ value, onChange, ...rest }: FilterProps) {
  const apis = useApis();
  return (
    <Select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All APIs</option>
      {(apis.data ?? []).map((a) => (
        <option key={a.name} value={a.name}>
          {a.properties.displayName}
        </option>
      ))}
    </Select>
  );
}
