"use client";

import { Radio } from "@/components/ui/checkbox";
import { Field, Fieldset } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { IpFilterFields } from "../policy-form-model";
import type { FormProps } from "./form-parts";

/** The `<ip-filter>` form: allow or forbid, one address or range per line. */
export function IpFilterForm({ value: v, onChange, errors }: FormProps<IpFilterFields, string>) {
  return (
    <div className="space-y-6">
      <Fieldset legend="Action">
        <div className="space-y-2">
          <Radio name="ip-action" label="Allow only these addresses" checked={v.action === "allow"} onChange={() => onChange({ ...v, action: "allow" })} />
          <Radio name="ip-action" label="Forbid these addresses" checked={v.action === "forbid"} onChange={() => onChange({ ...v, action: "forbid" })} />
        </div>
      </Fieldset>
      <Field label="Addresses and ranges" required hint="One per line: 10.0.0.1, or a range 10.0.0.1-10.0.0.255. IPv6 too." error={errors.addresses}>
        {(control) => (
          <Textarea
            {...control}
            rows={5}
            className="font-mono text-[13px]"
            placeholder={"10.0.0.1\n192.168.1.1-192.168.1.255"}
            value={v.addresses}
            onChange={(e) => onChange({ ...v, addresses: e.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
    </div>
  );
}
