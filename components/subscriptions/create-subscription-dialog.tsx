"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { slugify } from "@/components/apis/slugify";
import { assertIdFree, IdTakenError } from "@/components/resources/assert-id-free";
import { FormDialog, formDialogControls } from "@/components/resources/form-dialog";
import type { FieldErrors } from "@/components/resources/form-errors";
import { useFormMutation } from "@/components/resources/use-form-mutation";
import { useUsers, userLabel } from "@/components/users/user-queries";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import type { SubscriptionContract } from "@/server/subscriptions/subscription.schemas";
import { ScopeSelect } from "./scope-select";
import { subscriptionKeys } from "./subscription-queries";

const FIELDS = ["displayName", "name", "scope", "ownerId"] as const;
type SubField = (typeof FIELDS)[number];

const suffix = () => Math.random().toString(36).slice(2, 6);

/** "+ Add subscription": display name, id, scope and owner; opens the new subscription's keys. */
export function CreateSubscriptionDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (s: SubscriptionContract) => void }) {
  const users = useUsers(open);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [displayName, setDisplayName] = useState("");
  const [name, setName] = useState("");
  const [nameEdited, setNameEdited] = useState(false);
  const [scope, setScope] = useState("");
  const [ownerId, setOwnerId] = useState("");
  const create = useFormMutation({
    fields: FIELDS,
    mutationFn: async (v: { name: string; properties: { displayName: string; scope: string; ownerId: string | null } }) => {
      const path = `/subscriptions/${encodeURIComponent(v.name)}`;
      await assertIdFree(path);
      return managementFetch<SubscriptionContract>(path, { method: "PUT", body: { properties: v.properties } });
    },
    errorsFor: (error) => (error instanceof IdTakenError ? { fields: { name: "A subscription with this id already exists." }, form: null } : null),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: subscriptionKeys.all });
      toast.show({ title: "Subscription created", description: created.properties.displayName });
      dialog.reset();
      onCreated(created);
    },
  });
  const errors = create.errors.fields;

  const clearFields = () => {
    setDisplayName("");
    setName("");
    setNameEdited(false);
    setScope("");
    setOwnerId("");
  };

  const submit = (form: HTMLFormElement) => {
    const found: FieldErrors<SubField> = {};
    if (!displayName.trim()) found.displayName = "Enter a display name.";
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name.trim())) found.name = "Use letters, digits, '-' and '_', starting with a letter or digit.";
    if (!scope) found.scope = "Choose what the subscription opens.";
    create.send(form, found, { name: name.trim(), properties: { displayName: displayName.trim(), scope, ownerId: ownerId || null } });
  };
  const dialog = formDialogControls({ open, onClose, form: create, clearFields, onSubmit: submit });

  return (
    <FormDialog
      {...dialog.props}
      title="Add subscription"
      description="A subscription holds two keys that open an API, a product's APIs, or every API."
      submitLabel="Create subscription"
    >
      <Field label="Display name" required error={errors.displayName}>
        {(control) => (
          <Input
            {...control}
            value={displayName}
            onChange={(e) => {
              setDisplayName(e.target.value);
              if (!nameEdited) setName(e.target.value.trim() ? `${slugify(e.target.value)}-${suffix()}` : "");
            }}
            placeholder="Acme mobile app"
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>
      <Field label="Id" required error={errors.name} hint="The subscription's identifier (sid); filled in for you.">
        {(control) => (
          <Input
            {...control}
            value={name}
            onChange={(e) => {
              setNameEdited(true);
              setName(e.target.value);
            }}
            className="font-mono"
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Scope" required error={errors.scope} hint="What the keys open.">
        {(control) => (
          <ScopeSelect {...control} value={scope} onChange={setScope} emptyLabel={(loading) => (loading ? "Loading…" : "Choose a scope…")} />
        )}
      </Field>
      <Field label="Owner" aside="Optional" error={errors.ownerId} hint="The developer who sees the subscription and its keys in the developer portal.">
        {(control) => (
          <Select {...control} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">No owner</option>
            {(users.data ?? []).map((u) => (
              <option key={u.name} value={u.name}>
                {userLabel(u)} ({u.properties.email})
              </option>
            ))}
          </Select>
        )}
      </Field>
    </FormDialog>
  );
}
