"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/password-limits";

/** A failed portal form request: the message and the sentence for each field. */
export class PortalFormError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

/** POSTs JSON to a portal route; resolves with the JSON answer, or rejects with a PortalFormError. */
export async function postPortalForm<T>(path: string, body: unknown): Promise<T | null> {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as { error?: { message?: string; details?: { target: string; message: string }[] } }) : null;
  if (response.ok) return parsed as T | null;
  const fields: Record<string, string> = {};
  for (const detail of parsed?.error?.details ?? []) fields[detail.target] ??= detail.message;
  throw new PortalFormError(parsed?.error?.message ?? `The portal answered ${response.status}.`, fields);
}

/**
 * A form that chooses a new password (twice), with an optional current password first: the
 * reset link's page and the profile's "Change password". `submit` sends it; `done` replaces the
 * form once it succeeded.
 */
export function NewPasswordForm({
  withCurrent,
  submitLabel,
  submit,
  done,
  passwordField,
}: {
  withCurrent: boolean;
  submitLabel: string;
  submit: (values: { currentPassword: string; password: string }) => Promise<unknown>;
  done: ReactNode;
  /** The name the server gives the new password in error details. */
  passwordField: string;
}) {
  const [values, setValues] = useState({ currentPassword: "", password: "", confirm: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: submit,
    onError: (error) => {
      if (error instanceof PortalFormError) setErrors({ ...error.fields, password: error.fields[passwordField] ?? "" });
    },
  });
  const set = (field: keyof typeof values) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: "" }));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (withCurrent && !values.currentPassword) found.currentPassword = "Enter your current password.";
    if (values.password.length < MIN_PASSWORD_LENGTH) found.password = `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
    else if (values.confirm !== values.password) found.confirm = "The passwords do not match.";
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    mutation.mutate({ currentPassword: values.currentPassword, password: values.password });
  };
  if (mutation.isSuccess) return <>{done}</>;
  const fieldErrors = Object.entries(errors).filter(([, message]) => message);
  const formError = mutation.isError && fieldErrors.length === 0 ? mutation.error.message : null;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError ? <ErrorNotice>{formError}</ErrorNotice> : null}
      {withCurrent ? (
        <Field label="Current password" error={errors.currentPassword || null} required>
          {(control) => <Input {...control} type="password" name="currentPassword" autoComplete="current-password" value={values.currentPassword} onChange={(e) => set("currentPassword")(e.target.value)} />}
        </Field>
      ) : null}
      <Field label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`} error={errors.password || null} required>
        {(control) => <Input {...control} type="password" name="password" autoComplete="new-password" value={values.password} onChange={(e) => set("password")(e.target.value)} />}
      </Field>
      <Field label="Confirm new password" error={errors.confirm || null} required>
        {(control) => <Input {...control} type="password" name="confirm" autoComplete="new-password" value={values.confirm} onChange={(e) => set("confirm")(e.target.value)} />}
      </Field>
      <Button type="submit" loading={mutation.isPending}>
        {submitLabel}
      </Button>
    </form>
  );
}
