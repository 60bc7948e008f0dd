"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import { slugify } from "@/components/apis/slugify";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { serverErrorsFor } from "@/components/ui/server-field-errors";
import { useToast } from "@/components/ui/toast";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/password-limits";
import type { UserContract } from "@/server/users/user.schemas";
import { userKeys } from "./user-queries";

const FIELDS = ["email", "firstName", "lastName", "role", "password"] as const;
type UserField = (typeof FIELDS)[number];
const EMPTY = { email: "", firstName: "", lastName: "", role: "developer", password: "" };

/**
 * "+ Add user": email, names, role and an optional first password. Without one, `onCreated`
 * hears so, and the list offers the user a one-time link to choose their own.
 */
export function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated?: (user: UserContract, hasPassword: boolean) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<UserField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: UserField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const close = () => {
    setValues(EMPTY);
    setErrors({});
    setFormError(null);
    onClose();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const found: Partial<Record<UserField, string>> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) found.email = "Enter an email address.";
    if (values.password && values.password.length < MIN_PASSWORD_LENGTH) found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters, or leave it empty.`;
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      setTimeout(() => (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      return;
    }
    setBusy(true);
    // The id: the email's local part, made unique with a short random tail.
    const id = `${slugify(values.email.split("@")[0] ?? "") || "user"}-${Math.random().toString(36).slice(2, 6)}`;
    try {
      const created = await managementFetch<UserContract>(`/users/${encodeURIComponent(id)}`, {
        method: "PUT",
        body: {
          properties: {
            email: values.email.trim(),
            firstName: values.firstName.trim(),
            lastName: values.lastName.trim(),
            role: values.role,
            ...(values.password ? { password: values.password } : {}),
          },
        },
      });
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      toast.show({ title: "User added", description: created.properties.email });
      const hasPassword = values.password !== "";
      close();
      onCreated?.(created, hasPassword);
    } catch (error) {
      if (error instanceof ManagementRequestError && error.status === 409) {
        setErrors({ email: "A user with this email already exists." });
      } else {
        const { fields, form: message } = serverErrorsFor(error, FIELDS);
        setErrors(fields);
        setFormError(message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add user"
      description="Leave the password empty to send the user a one-time link instead: they choose their own password with it (next step)."
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add user
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {formError ? <ErrorNotice>{formError}</ErrorNotice> : null}
        <Field label="Email" required error={errors.email}>
          {(control) => <Input {...control} type="email" value={values.email} onChange={(e) => set("email", e.target.value)} autoComplete="off" placeholder="ada@example.com" autoFocus />}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="First name" error={errors.firstName}>
            {(control) => <Input {...control} value={values.firstName} onChange={(e) => set("firstName", e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="Last name" error={errors.lastName}>
            {(control) => <Input {...control} value={values.lastName} onChange={(e) => set("lastName", e.target.value)} autoComplete="off" />}
          </Field>
        </div>
        <Field label="Role" required error={errors.role} hint="Administrators manage everything; publishers manage APIs and products; developers use the developer portal.">
          {(control) => (
            <Select {...control} value={values.role} onChange={(e) => set("role", e.target.value)}>
              <option value="developer">Developer</option>
              <option value="publisher">Publisher</option>
              <option value="administrator">Administrator</option>
            </Select>
          )}
        </Field>
        <Field label="Initial password" aside="Optional" error={errors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters, not easy to guess. Share it with the user over a safe channel.`}>
          {(control) => <Input {...control} type="password" value={values.password} onChange={(e) => set("password", e.target.value)} autoComplete="new-password" />}
        </Field>
      </div>
    </Dialog>
  );
}
