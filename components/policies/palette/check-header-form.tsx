"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import type { CheckHeaderFields } from "../policy-form-model";
import { Grid, NumberInput, type FormProps } from "./form-parts";

/** The `<check-header>` form: the header, its allowed values, the refusal. */
export function CheckHeaderForm({ value: v, onChange, errors }: FormProps<CheckHeaderFields, string>) {
  const set = (patch: Partial<CheckHeaderFields>) => onChange({ ...v, ...patch });
  return (
    <div className="space-y-6">
      <Grid>
        <Field label="Header name" required error={errors.name}>
          {(control) => <Input {...control} value={v.name} onChange={(e) => set({ name: e.target.value })} placeholder="X-Client-Id" spellCheck={false} />}
        </Field>
        <Field label="Allowed values" aside="Optional" hint="One per line; empty: any value, the header must only be present.">
          {(control) => <Textarea {...control} rows={2} value={v.values} onChange={(e) => set({ values: e.target.value })} spellCheck={false} />}
        </Field>
      </Grid>
      <Checkbox label="Ignore case" description="Compare the values without regard to upper and lower case." checked={v.ignoreCase} onChange={(e) => set({ ignoreCase: e.target.checked })} />
      <Grid>
        <Field label="Refusal status code" required hint="failed-check-httpcode" error={errors.failedCheckHttpCode}>
          {(control) => <NumberInput {...control} value={v.failedCheckHttpCode} onChange={(e) => set({ failedCheckHttpCode: e.target.value })} />}
        </Field>
        <Field label="Refusal message" required hint="failed-check-error-message" error={errors.failedCheckErrorMessage}>
          {(control) => <Input {...control} value={v.failedCheckErrorMessage} onChange={(e) => set({ failedCheckErrorMessage: e.target.value })} />}
        </Field>
      </Grid>
    </div>
  );
}
