"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { RateLimitByKeyFields } from "../policy-form-model";
import { COUNTER_KEY_PRESETS } from "../snippets/rate-limit-by-key-snippet";
import { Grid, NumberInput, type FormProps } from "./form-parts";

/** The `<rate-limit-by-key>` form: calls, period and a preset or custom counter key. */
export function RateLimitByKeyForm({ value: v, onChange, errors }: FormProps<RateLimitByKeyFields, string>) {
  const set = (patch: Partial<RateLimitByKeyFields>) => onChange({ ...v, ...patch });
  return (
    <div className="space-y-6">
      <Grid>
        <Field label="Calls" required hint="Handshakes allowed per key in the period." error={errors.calls}>
          {(control) => <NumberInput {...control} value={v.calls} onChange={(e) => set({ calls: e.target.value })} />}
        </Field>
        <Field label="Renewal period (seconds)" required hint="The sliding window, at most 300." error={errors.renewalPeriod}>
          {(control) => <NumberInput {...control} value={v.renewalPeriod} onChange={(e) => set({ renewalPeriod: e.target.value })} />}
        </Field>
      </Grid>
      <Field label="Counter key" hint="Calls are counted separately for each value of the key.">
        {(control) => (
          <Select {...control} value={v.preset} onChange={(e) => set({ preset: e.target.value })}>
            {COUNTER_KEY_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label} — {p.value}
              </option>
            ))}
            <option value="custom">Custom expression…</option>
          </Select>
        )}
      </Field>
      {v.preset === "custom" ? (
        <Field label="Custom counter key" required hint={'A policy expression, e.g. @(context.Request.Headers.GetValueOrDefault("X-Client","anon")).'} error={errors.customKey}>
          {(control) => <Input {...control} className="font-mono text-[13px]" value={v.customKey} onChange={(e) => set({ customKey: e.target.value })} spellCheck={false} />}
        </Field>
      ) : null}
    </div>
  );
}
