"use client";

import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNotice } from "@/components/ui/resource-states";

/**
 * A dialog holding a form: the fields, the form's error above them, Cancel and the submit
 * button (spinning while `pending`). Enter submits; the caller checks and sends (useFormMutation).
 */
export function FormDialog({
  open,
  onClose,
  title,
  description,
  submitLabel,
  state: { pending, errors },
  onSubmit,
  children,
}: {
  open: boolean;
  /** Cancel, Escape and a click outside; the caller resets its fields here. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  submitLabel: string;
  /** The form's useFormMutation: the button spins while pending, the form's error shows above the fields. */
  state: { pending: boolean; errors: { form: string | null } };
  /** Called with the form element, to focus its first invalid field after a refusal. */
  onSubmit: (form: HTMLFormElement) => void;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      onSubmit={(event: FormEvent<HTMLFormElement>) => onSubmit(event.currentTarget)}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {errors.form ? <ErrorNotice>{errors.form}</ErrorNotice> : null}
        {children}
      </div>
    </Dialog>
  );
}
