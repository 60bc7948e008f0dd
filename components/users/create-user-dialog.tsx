"use client";

import { useState } from "react";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import { slugify } from "@/components/apis/slugify";
import { FormDialog, formDialogControls } from "@/components/resources/form-dialog";
import type { FieldErrors } from "@/components/resources/form-errors";
import { useFormMutation } from "@/components/resources/use-form-mutation";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
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
  const toast = useToast();
  const [values, setValues] = useState(EMPTY);
  const create = useFormMutation({
    fields: FIELDS,
    // The id: the email's local part, made unique with a short random tail.
    mutationFn: (v: typeof EMPTY) =>
      managementFetch<UserContract>(`/users/${encodeURIComponent(`${slugify(v.email.split("@")[0] ?? "") || "user"}-${Math.random().toString(36).slice(2, 6)}`)}`, {
        method: "PUT",
        body: {
          properties: {
            email: v.email.trim(),
            firstName: v.firstName.trim(),
            lastName: v.lastName.trim(),
            role: v.role,
            ...(v.password ? { password: v.password } : {}),
          },
        },
      }),
    invalidate: [userKeys.all],
    errorsFor: (error) => (error instanceof ManagementRequestError && error.status === 409 ? { fields: { email: "A user with this email already exists." }, form: null } : null),
    onSuccess: (created, v) => {
      toast.show({ title: "User added", description: created.properties.email });
      dialog.close();
      onCreated?.(created, v.password !== "");
    },
  });
  const errors = create.errors.fields;
  const set = (field: UserField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    create.clearField(field);
  };
  const submit = (form: HTMLFormElement) => {
    const found: FieldErrors<UserField> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) found.email = "Enter an email address.";
    if (values.password && values.password.length < MIN_PASSWORD_LENGTH) found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters, or leave it empty.`;
    create.send(form, found, values);
  };
  const dialog = formDialogControls({ open, onClose, form: create, clearFields: () => setValues(EMPTY), onSubmit: submit });

  return (
    <FormDialog
      {...dialog.props}
      title="Add user"
      description="Leave the password empty to send the user a one-time link instead: they choose their own password with it (next step)."
      submitLabel="Add user"
    >
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
    </FormDialog>
  );
}
