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

/**
 * The wiring a form dialog repeats: `reset` empties the form (`clearFields`, then the mutation's
 * errors), `close` resets and tells the owner, and `props` are FormDialog's open, onClose, state
 * and onSubmit.
 */
export function formDialogControls({
  open,
  onClose,
  form,
  clearFields,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  /** The form's useFormMutation. */
  form: { pending: boolean; errors: { form: string | null }; reset: () => void };
  clearFields: () => void;
  onSubmit: (form: HTMLFormElement) => void;
}) {
  const reset = () => {
    clearFields();
    form.reset();
  };
  const close = () => {
    reset();
    onClose();
  };
  return { reset, close, props: { open, onClose: close, state: form, onSubmit } };
}
