"use client";

import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { FormDialog } from "@/components/resources/form-dialog";
import { useFormMutation } from "@/components/resources/use-form-mutation";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { CreatedApiTokenContract } from "@/server/api-tokens/api-token.schemas";

const FIELDS = ["displayName", "role"] as const;

/** "Create token": a name after what uses it and a role; `onCreated` shows the token once. */
export function CreateTokenDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (token: CreatedApiTokenContract) => void }) {
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState("administrator");
  const create = useFormMutation({
    fields: FIELDS,
    mutationFn: (properties: { displayName: string; role: string }) => managementFetch<CreatedApiTokenContract>("/apiTokens", { method: "POST", body: { properties } }),
    onSuccess: (token) => {
      reset();
      onCreated(token);
    },
  });
  const reset = () => {
    setDisplayName("");
    setRole("administrator");
    create.reset();
  };
  const submit = (form: HTMLFormElement) => {
    create.send(form, displayName.trim() ? {} : { displayName: "Name the token after what uses it." }, { displayName: displayName.trim(), role });
  };
  return (
    <FormDialog
      open={open}
      onClose={() => {
        reset();
        onClose();
      }}
      title="Create API token"
      description="For scripts, CI and the portcullis CLI. You will see the token once."
      submitLabel="Create token"
      state={create}
      onSubmit={submit}
    >
      <Field label="Name" required error={create.errors.fields.displayName} hint="What uses it, e.g. “GitHub Actions deploy”.">
        {(control) => (
          <Input
            {...control}
            value={displayName}
            onChange={(e) => {
              setDisplayName(e.target.value);
              create.check({});
            }}
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>
      <Field label="Role" required error={create.errors.fields.role} hint="What the token may do.">
        {(control) => (
          <Select {...control} value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="administrator">Administrator — everything</option>
            <option value="publisher">Publisher — APIs, products, policies</option>
            <option value="developer">Developer — read APIs, own subscriptions</option>
          </Select>
        )}
      </Field>
    </FormDialog>
  );
}
