"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import { slugify } from "@/components/apis/slugify";
import { useUsers, userLabel } from "@/components/users/user-queries";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { serverErrorsFor } from "@/components/ui/server-field-errors";
import { useToast } from "@/components/ui/toast";
import type { SubscriptionContract } from "@/server/subscriptions/subscription.schemas";
import { useScopeOptions } from "./scope-label";
import { subscriptionKeys } from "./subscription-queries";

const FIELDS = ["displayName", "name", "scope", "ownerId"] as const;
type SubField = (typeof FIELDS)[number];

const suffix = () => Math.random().toString(36).slice(2, 6);

/** "+ Add subscription": display name, id, scope and owner; opens the new subscription's keys. */
export function CreateSubscriptionDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (s: SubscriptionContract) => void }) {
  const scopes = useScopeOptions();
  const users = useUsers(open);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [displayName, setDisplayName] = useState("");
  const [name, setName] = useState("");
  const [nameEdited, setNameEdited] = useState(false);
  const [scope, setScope] = useState("");
  const [ownerId, setOwnerId] = useState("");
  const [errors, setErrors] = useState<Partial<Record<SubField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setDisplayName("");
    setName("");
    setNameEdited(false);
    setScope("");
    setOwnerId("");
    setErrors({});
    setFormError(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const found: Partial<Record<SubField, string>> = {};
    if (!displayName.trim()) found.displayName = "Enter a display name.";
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name.trim())) found.name = "Use letters, digits, '-' and '_', starting with a letter or digit.";
    if (!scope) found.scope = "Choose what the subscription opens.";
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      setTimeout(() => (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      return;
    }
    setBusy(true);
    const path = `/subscriptions/${encodeURIComponent(name.trim())}`;
    try {
      const exists = await managementFetch(path).then(
        () => true,
        (error) => (error instanceof ManagementRequestError && error.status === 404 ? false : Promise.reject(error)),
      );
      if (exists) {
        setErrors({ name: "A subscription with this id already exists." });
        return;
      }
      const created = await managementFetch<SubscriptionContract>(path, {
        method: "PUT",
        body: { properties: { displayName: displayName.trim(), scope, ownerId: ownerId || null } },
      });
      void queryClient.invalidateQueries({ queryKey: subscriptionKeys.all });
      toast.show({ title: "Subscription created", description: created.properties.displayName });
      reset();
      onCreated(created);
    } catch (error) {
      const { fields, form: message } = serverErrorsFor(error, FIELDS);
      setErrors(fields);
      setFormError(message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add subscription"
      description="A subscription holds two keys that open an API, a product's APIs, or every API."
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Create subscription
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {formError ? <ErrorNotice>{formError}</ErrorNotice> : null}
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
            <Select {...control} value={scope} onChange={(e) => setScope(e.target.value)}>
              <option value="">{scopes.isPending ? "Loading…" : "Choose a scope…"}</option>
              <option value="/apis">All APIs</option>
              {scopes.products.length > 0 ? (
                <optgroup label="Products">
                  {scopes.products.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {scopes.apis.length > 0 ? (
                <optgroup label="APIs">
                  {scopes.apis.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </Select>
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
      </div>
    </Dialog>
  );
}
