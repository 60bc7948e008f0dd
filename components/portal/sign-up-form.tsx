"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/password-limits";

type FieldName = "firstName" | "lastName" | "email" | "password" | "confirm" | "acceptTerms";
type Errors = Partial<Record<FieldName, string>>;

/** Checks the form before it is sent: the same rules the server applies, plus the repeated password. */
export function validateSignUp(values: { firstName: string; lastName: string; email: string; password: string; confirm: string; acceptTerms: boolean }): Errors {
  const errors: Errors = {};
  if (!values.firstName.trim()) errors.firstName = "Enter your first name.";
  if (!values.lastName.trim()) errors.lastName = "Enter your last name.";
  if (!values.email.trim()) errors.email = "Enter your email address.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) errors.email = "Enter a valid email address, such as you@example.com.";
  if (values.password.length < MIN_PASSWORD_LENGTH) errors.password = `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  if (!errors.password && values.confirm !== values.password) errors.confirm = "The passwords do not match.";
  if (!values.acceptTerms) errors.acceptTerms = "Accept the terms of use to create an account.";
  return errors;
}

/** Sign up: creates an active developer account (POST /api/portal/signup), then signs in with it and opens `next`. */
export function SignUpForm({ next }: { next: string }) {
  const [values, setValues] = useState({ firstName: "", lastName: "", email: "", password: "", confirm: "", acceptTerms: false });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof values) => (value: string | boolean) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateSignUp(values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const response = await fetch("/api/portal/signup", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          email: values.email.trim(),
          password: values.password,
          firstName: values.firstName.trim(),
          lastName: values.lastName.trim(),
          acceptTerms: values.acceptTerms,
        }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string; details?: { target: string; message: string }[] } } | null;
        const fieldErrors: Errors = {};
        for (const detail of body?.error?.details ?? []) {
          if (["firstName", "lastName", "email", "password", "acceptTerms"].includes(detail.target)) fieldErrors[detail.target as FieldName] ??= detail.message;
        }
        setErrors(fieldErrors);
        // A refusal about one field (email taken, weak password) is shown under that field only.
        setFormError(Object.keys(fieldErrors).length > 0 ? null : (body?.error?.message ?? `Sign-up failed (${response.status}). Try again.`));
        setBusy(false);
        return;
      }
      const result = await signIn("credentials", { email: values.email.trim(), password: values.password, redirect: false, callbackUrl: next });
      if (!result?.ok || result.error) {
        // The account exists; only the automatic sign-in failed.
        window.location.assign(`/signin?callbackUrl=${encodeURIComponent(next)}`);
        return;
      }
      window.location.assign(next);
    } catch {
      setFormError("The portal could not be reached. Check your connection and try again.");
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      {formError ? (
        <div data-testid="signup-error">
          <ErrorNotice>{formError}</ErrorNotice>
        </div>
      ) : null}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="First name" error={errors.firstName} required>
          {(control) => <Input {...control} name="firstName" autoComplete="given-name" value={values.firstName} onChange={(e) => set("firstName")(e.target.value)} autoFocus />}
        </Field>
        <Field label="Last name" error={errors.lastName} required>
          {(control) => <Input {...control} name="lastName" autoComplete="family-name" value={values.lastName} onChange={(e) => set("lastName")(e.target.value)} />}
        </Field>
      </div>
      <Field label="Email" error={errors.email} required>
        {(control) => (
          <Input {...control} type="email" name="email" autoComplete="email" placeholder="you@example.com" value={values.email} onChange={(e) => set("email")(e.target.value)} />
        )}
      </Field>
      <Field label="Password" hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`} error={errors.password} required>
        {(control) => <Input {...control} type="password" name="password" autoComplete="new-password" value={values.password} onChange={(e) => set("password")(e.target.value)} />}
      </Field>
      <Field label="Confirm password" error={errors.confirm} required>
        {(control) => <Input {...control} type="password" name="confirm" autoComplete="new-password" value={values.confirm} onChange={(e) => set("confirm")(e.target.value)} />}
      </Field>
      <div>
        <Checkbox
          label="I accept the terms of use"
          description="Keep your keys secret, stay within the limits each product sets, and do not use the APIs to harm others. Publishers may suspend subscriptions that do."
          checked={values.acceptTerms}
          onChange={(e) => set("acceptTerms")(e.target.checked)}
          aria-invalid={errors.acceptTerms ? true : undefined}
        />
        {errors.acceptTerms ? (
          <p className="mt-1.5 text-sm text-red-700" data-field-error>
            {errors.acceptTerms}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="w-full" loading={busy}>
        Create account
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(next)}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
          Sign in
        </Link>
      </p>
    </form>
  );
}
