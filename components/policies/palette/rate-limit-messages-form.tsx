"use client";

import { Field } from "@/components/ui/field";
import type { RateLimitMessagesFields } from "../policy-form-model";
import { DirectionSelect, Grid, NumberInput, type FormProps } from "./form-parts";

/** The `<rate-limit-messages>` form: messages per period and their direction. */
export function RateLimitMessagesForm({ value: v, onChange, errors }: FormProps<RateLimitMessagesFields, string>) {
  return (
    <div className="space-y-6">
      <Grid>
        <Field label="Messages" required hint="Allowed per connection in the period." error={errors.calls}>
          {(control) => <NumberInput {...control} value={v.calls} onChange={(e) => onChange({ ...v, calls: e.target.value })} />}
        </Field>
        <Field label="Renewal period (seconds)" required error={errors.renewalPeriod}>
          {(control) => <NumberInput {...control} value={v.renewalPeriod} onChange={(e) => onChange({ ...v, renewalPeriod: e.target.value })} />}
        </Field>
      </Grid>
      <Grid>
        <DirectionSelect value={v.direction} onChange={(direction) => onChange({ ...v, direction })} />
      </Grid>
    </div>
  );
}
