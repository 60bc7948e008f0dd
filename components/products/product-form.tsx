"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { slugify } from "@/components/apis/slugify";
import { assertNameFree, IdTakenError } from "@/components/resources/assert-id-free";
import { useFormMutation } from "@/components/resources/use-form-mutation";
import { Button, ButtonLink } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, Fieldset } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { ProductContract } from "@/server/products/product.schemas";
import { productKeys } from "./product-queries";

const FIELDS = ["displayName", "name", "description", "subscriptionsLimit", "state", "subscriptionRequired", "approvalRequired"] as const;
type ProductField = (typeof FIELDS)[number];

interface Values {
  displayName: string;
  name: string;
  description: string;
  published: boolean;
  subscriptionRequired: boolean;
  approvalRequired: boolean;
  limit: string;
}

function initialValues(product?: ProductContract): Values {
  if (!product) return { displayName: "", name: "", description: "", published: false, subscriptionRequired: true, approvalRequired: false, limit: "" };
  const p = product.properties;
  return {
    displayName: p.displayName,
    name: product.name,
    description: p.description,
    published: p.state === "published",
    subscriptionRequired: p.subscriptionRequired,
    approvalRequired: p.approvalRequired,
    limit: p.subscriptionsLimit === null ? "" : String(p.subscriptionsLimit),
  };
}

function validate(values: Values, creating: boolean): Partial<Record<ProductField, string>> {
  const errors: Partial<Record<ProductField, string>> = {};
  if (!values.displayName.trim()) errors.displayName = "Enter a display name.";
  if (creating && !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(values.name.trim())) errors.name = "Use letters, digits, '-' and '_', starting with a letter or digit.";
  if (values.limit.trim() && !(Number.isInteger(Number(values.limit)) && Number(values.limit) >= 1)) errors.subscriptionsLimit = "Enter a whole number of at least 1, or leave it empty for no limit.";
  return errors;
}

/** Creates a product (with `product` absent) or edits one. */
export function ProductForm({ product }: { product?: ProductContract }) {
  const creating = !product;
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => initialValues(product));
  const [nameEdited, setNameEdited] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const save = useFormMutation({
    fields: FIELDS,
    mutationFn: async ({ id, properties }: { id: string; properties: Record<string, unknown> }) => {
      if (creating) await assertNameFree("/products", id);
      return managementFetch<ProductContract>(`/products/${encodeURIComponent(id)}`, { method: creating ? "PUT" : "PATCH", body: { properties } });
    },
    errorsFor: (error) => (error instanceof IdTakenError ? { fields: { name: "A product with this id already exists." }, form: null } : null),
    onSuccess: (saved) => {
      queryClient.setQueryData(productKeys.detail(saved.name), saved);
      void queryClient.invalidateQueries({ queryKey: productKeys.list });
      toast.show({ title: creating ? "Product created" : "Product saved", description: saved.properties.displayName });
      if (creating) router.push(`/admin/products/${encodeURIComponent(saved.name)}`);
    },
  });
  const serverErrors = save.errors.fields;

  const clientErrors = validate(values, creating);
  const errorFor = (field: ProductField) => serverErrors[field] ?? (submitted ? (clientErrors[field] ?? null) : null);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((current) => {
      const next = { ...current, [key]: value };
      if (key === "displayName" && creating && !nameEdited) next.name = slugify(value as string);
      return next;
    });
    save.check({});
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(clientErrors).length > 0) {
      (event.currentTarget.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    save.submit({
      id: creating ? values.name.trim() : product.name,
      properties: {
        displayName: values.displayName.trim(),
        description: values.description,
        state: values.published ? "published" : "notPublished",
        subscriptionRequired: values.subscriptionRequired,
        approvalRequired: values.approvalRequired,
        subscriptionsLimit: values.limit.trim() ? Number(values.limit) : null,
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={creating ? "Create a product" : "Edit product"} className="space-y-6">
      {save.errors.form ? <ErrorNotice>{save.errors.form}</ErrorNotice> : null}
      <div className="grid gap-6 rounded-xl border border-slate-200 bg-white px-6 py-7 shadow-xs sm:grid-cols-2 sm:px-8">
        <Field label="Display name" required error={errorFor("displayName")} hint="The name developers see in the portal.">
          {(control) => <Input {...control} value={values.displayName} onChange={(e) => set("displayName", e.target.value)} placeholder="Starter" autoFocus={creating} autoComplete="off" />}
        </Field>
        <Field
          label="Id"
          required={creating}
          error={errorFor("name")}
          hint={creating ? (nameEdited ? "The product's identifier in URLs and scripts." : "Filled in from the display name; edit it if you like.") : "Cannot be changed."}
        >
          {(control) => (
            <Input
              {...control}
              value={values.name}
              disabled={!creating}
              onChange={(e) => {
                setNameEdited(true);
                set("name", e.target.value);
              }}
              className="font-mono"
              placeholder="starter"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Description" aside="Optional" error={errorFor("description")} className="sm:col-span-2">
          {(control) => <Textarea {...control} value={values.description} onChange={(e) => set("description", e.target.value)} rows={3} placeholder="What subscribers get." />}
        </Field>
        <Fieldset legend="Access" className="sm:col-span-1">
          <div className="space-y-3 pt-1">
            <Checkbox label="Published" description="Developers see the product and can subscribe to it." checked={values.published} onChange={(e) => set("published", e.target.checked)} />
            <Checkbox
              label="Subscription required"
              description="Clients need a subscription key for the product's APIs."
              checked={values.subscriptionRequired}
              onChange={(e) => set("subscriptionRequired", e.target.checked)}
            />
            <Checkbox
              label="Approval required"
              description="New subscriptions wait for an administrator to approve them."
              checked={values.approvalRequired}
              onChange={(e) => set("approvalRequired", e.target.checked)}
            />
          </div>
        </Fieldset>
        <Field label="Subscriptions limit" aside="Optional" error={errorFor("subscriptionsLimit")} hint="How many subscriptions one user may hold. Empty: no limit.">
          {(control) => <Input {...control} type="number" min={1} step={1} inputMode="numeric" value={values.limit} onChange={(e) => set("limit", e.target.value)} placeholder="Unlimited" className="max-w-40" />}
        </Field>
      </div>
      <div className="flex justify-end gap-3">
        {creating ? (
          <ButtonLink href="/admin/products" variant="secondary">
            Cancel
          </ButtonLink>
        ) : null}
        <Button type="submit" loading={save.pending}>
          {creating ? "Create product" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
