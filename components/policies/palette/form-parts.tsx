"use client";

import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { Errors } from "../policy-form-model";
import type { MessageDirection } from "../snippets/message-snippets";

/** What every palette form is given: its fields as typed, the setter, the errors to show. */
export type FormProps<T, F extends string = string> = { value: T; onChange: (value: T) => void; errors: Errors<F> };

const DIRECTION_OPTIONS: { value: MessageDirection; label: string }[] = [
  { value: "both", label: "Both directions" },
  { value: "inbound", label: "Inbound (client → backend)" },
  { value: "outbound", label: "Outbound (backend → client)" },
];

/** Two columns of fields from the small breakpoint up. */
export function Grid({ children }: { children: ReactNode }) {
  return <div className="grid gap-5 sm:grid-cols-2">{children}</div>;
}

/** A text input for whole numbers (numeric keyboard on phones, no autofill). */
export function NumberInput(props: React.ComponentProps<typeof Input>) {
  return <Input inputMode="numeric" autoComplete="off" {...props} />;
}

/** The message direction a message-level policy applies to. */
export function DirectionSelect({ value, onChange }: { value: MessageDirection; onChange: (d: MessageDirection) => void }) {
  return (
    <Field label="Direction" hint="Inbound is client → backend.">
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value as MessageDirection)}>
          {DIRECTION_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
