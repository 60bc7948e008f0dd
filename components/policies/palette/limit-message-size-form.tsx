"use client";

import { Field } from "@/components/ui/field";
import type { LimitMessageSizeFields } from "../policy-form-model";
import { DirectionSelect, Grid, NumberInput, type FormProps } from "./form-parts";

/** The `<limit-message-size>` form: the largest message and its direction. */
export function LimitMessageSizeForm({ value: v, onChange, errors }: FormProps<LimitMessageSizeFields, string>) {
  return (
    <Grid>
      <Field label="Largest message (bytes)" required hint="65536 is 64 KiB." error={errors.maxBytes}>
        {(control) => <NumberInput {...control} value={v.maxBytes} onChange={(e) => onChange({ ...v, maxBytes: e.target.value })} />}
      </Field>
      <DirectionSelect value={v.direction} onChange={(direction) => onChange({ ...v, direction })} />
    </Grid>
  );
}
