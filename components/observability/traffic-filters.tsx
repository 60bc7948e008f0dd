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
export function GatewayFilter(props: FilterProps) {
  const gateways = useGatewayList();
  return <ResourceFilter {...props} allLabel="All gateways" resources={gateways.data} />;
}

/** The API filter of the dashboards and the logs: "All APIs" or one, by display name. */
export function ApiFilter(props: FilterProps) {
  const apis = useApis();
  return <ResourceFilter {...props} allLabel="All APIs" resources={apis.data} />;
}

/** A select of `allLabel` ("") and the resources, by display name. */
function ResourceFilter({
  value,
  onChange,
  allLabel,
  resources,
  ...rest
}: FilterProps & { allLabel: string; resources: readonly { name: string; properties: { displayName: string } }[] | undefined }) {
  return (
    <Select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{allLabel}</option>
      {(resources ?? []).map((r) => (
        <option key={r.name} value={r.name}>
          {r.properties.displayName}
        </option>
      ))}
    </Select>
  );
}
