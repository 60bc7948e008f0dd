"use client";

import { Field } from "@/components/ui/field";
import type { SecondsFields } from "../policy-form-model";
import { Grid, NumberInput, type FormProps } from "./form-parts";

function SecondsForm({ value: v, onChange, errors, label, hint }: FormProps<SecondsFields, string> & { label: string; hint: string }) {
  return (
    <Grid>
      <Field label={label} required hint={hint} error={errors.seconds}>
        {(control) => <NumberInput {...control} value={v.seconds} onChange={(e) => onChange({ seconds: e.target.value })} />}
      </Field>
    </Grid>
  );
}

/** The `<idle-timeout>` form. */
export function IdleTimeoutForm(props: FormProps<SecondsFields, string>) {
  return <SecondsForm {...props} label="Idle timeout (seconds)" hint="300 is five minutes." />;
}

/** The `<max-connection-duration>` form. */
export function MaxDurationForm(props: FormProps<SecondsFields, string>) {
  return <SecondsForm {...props} label="Longest connection (seconds)" hint="7200 is two hours." />;
}
