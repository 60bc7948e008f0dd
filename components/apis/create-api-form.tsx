"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import { Button, ButtonLink } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { ApiProtocol } from "@/db/schema/index";
import type { ApiContract } from "@/server/apis/api.schemas";
import { AvailabilityStatus, FormSection, PathField, SchemeField, takenMessage } from "./api-fields";
import {
  EMPTY_API_FORM,
  gatewayUrlFor,
  normalisedPath,
  serverFieldErrors,
  toApiProperties,
  validateApiForm,
  type ApiFormField,
  type ApiFormValues,
  type FieldErrors,
} from "./api-form-model";
import { apiKeys } from "./api-queries";
import { defaultScheme } from "./served-schemes";
import { UnservedSchemeWarning } from "./unserved-scheme-warning";
import { GatewaysPicker, ProductsPicker } from "./link-pickers";
import { slugify } from "./slugify";
import { useNameAvailability, usePathAvailability } from "./use-availability";

/** The "Add a WebSocket API" form: creates the API, then publishes it in the chosen products and gateways. */
/** `servedSchemes`: the schemes some gateway answers (the default, and a warning for the others). */
export function CreateApiForm({ gatewayBaseUrl, servedSchemes }: { gatewayBaseUrl: string; servedSchemes: ApiProtocol[] }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);

  const [values, setValues] = useState<ApiFormValues>(() => ({ ...EMPTY_API_FORM, scheme: defaultScheme(servedSchemes) }));
  const [nameEdited, setNameEdited] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<ApiFormField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [products, setProducts] = useState<string[]>([]);
  const [gateways, setGateways] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);

  const clientErrors = validateApiForm(values, { requireName: true });
  const path = clientErrors.path ? null : normalisedPath(values.path);
  const name = clientErrors.name ? null : values.name.trim();
  const pathAvailability = usePathAvailability(path);
  const nameAvailability = useNameAvailability(name);

  // Errors show once a field was left (or the form sent); format errors in the URL, suffix and
  // name show while typing, as soon as there is something to judge.
  const visible = (field: ApiFormField, early = false) => submitted || touched[field] || early;
  const errorFor = (field: ApiFormField, early = false): string | null =>
    serverErrors[field] ?? (visible(field, early) ? (clientErrors[field] ?? null) : null);

  const errors = {
    displayName: errorFor("displayName"),
    name: errorFor("name", values.name !== "") ?? takenMessage(nameAvailability, "name"),
    serviceUrl: errorFor("serviceUrl", values.serviceUrl.includes("://")),
    path: errorFor("path", values.path !== "") ?? takenMessage(pathAvailability, "suffix"),
    description: errorFor("description"),
    scheme: serverErrors.scheme ?? null,
  };

  useEffect(() => {
    if (focusTick) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);

  const set = <K extends ApiFormField>(field: K, value: ApiFormValues[K]) => {
    setValues((current) => {
      const next = { ...current, [field]: value };
      if (field === "displayName" && !nameEdited) next.name = slugify(value as string);
      return next;
    });
    setServerErrors((current) => {
      const next = { ...current };
      delete next[field];
      if (field === "displayName" && !nameEdited) delete next.name;
      return next;
    });
  };
  const blur = (field: ApiFormField) => setTouched((t) => ({ ...t, [field]: true }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    const blocked = Object.keys(clientErrors).length > 0 || pathAvailability.state === "taken" || nameAvailability.state === "taken";
    if (blocked) {
      setFocusTick((n) => n + 1);
      return;
    }
    setBusy(true);
    const apiId = values.name.trim();
    let api: ApiContract;
    try {
      api = await managementFetch<ApiContract>(`/apis/${encodeURIComponent(apiId)}`, {
        method: "PUT",
        // Create only: never replace an API that took this name a moment ago.
        headers: { "If-None-Match": "*" },
        body: { properties: toApiProperties(values) },
      });
    } catch (error) {
      setBusy(false);
      if (error instanceof ManagementRequestError) {
        const { fields, other } = serverFieldErrors(error.details);
        setServerErrors(fields);
        if (other.length > 0 || Object.keys(fields).length === 0) setFormError(error.message);
      } else {
        setFormError("The portal could not be reached. Check your connection and try again.");
      }
      setFocusTick((n) => n + 1);
      return;
    }

    const failed: string[] = [];
    for (const productId of products) {
      await managementFetch(`/products/${encodeURIComponent(productId)}/apis/${encodeURIComponent(api.name)}`, { method: "PUT" }).catch(() =>
        failed.push(`product ${productId}`),
      );
    }
    for (const gatewayId of gateways) {
      await managementFetch(`/gateways/${encodeURIComponent(gatewayId)}/apis/${encodeURIComponent(api.name)}`, { method: "PUT" }).catch(() =>
        failed.push(`gateway ${gatewayId}`),
      );
    }

    queryClient.setQueryData(apiKeys.detail(api.name), api);
    await queryClient.invalidateQueries({ queryKey: apiKeys.list });
    toast.show({ title: "API created", description: `Clients connect to ${gatewayUrlFor(gatewayBaseUrl, api.properties.path)}` });
    if (failed.length > 0) {
      toast.show({ tone: "error", title: "Some links were not made", description: `Could not add the API to ${failed.join(", ")}. Try again from the API's page.` });
    }
    router.push(`/admin/apis/${encodeURIComponent(api.name)}`);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Create a WebSocket API">
      {formError ? (
        <div role="alert" className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {formError}
        </div>
      ) : null}

      <div className="rounded-xl border border-slate-200 bg-white px-6 py-8 shadow-xs sm:px-8">
        <FormSection title="API" description="How the API is named in the portals and the management API.">
          <Field label="Display name" required error={errors.displayName} hint="The name developers see.">
            {(control) => (
              <Input
                {...control}
                value={values.displayName}
                onChange={(e) => set("displayName", e.target.value)}
                onBlur={() => blur("displayName")}
                placeholder="Chat"
                autoFocus
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            label="Name"
            required
            error={errors.name}
            status={errors.name ? null : <AvailabilityStatus availability={nameAvailability} what="name" />}
            hint={nameEdited ? "The API's identifier in URLs and scripts." : "Filled in from the display name; edit it if you like."}
          >
            {(control) => (
              <Input
                {...control}
                value={values.name}
                onChange={(e) => {
                  setNameEdited(true);
                  set("name", e.target.value);
                }}
                onBlur={() => blur("name")}
                className="font-mono"
                placeholder="chat"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field label="Description" aside="Optional" error={errors.description}>
            {(control) => (
              <Textarea
                {...control}
                value={values.description}
                onChange={(e) => set("description", e.target.value)}
                onBlur={() => blur("description")}
                rows={3}
                placeholder="What the API does, for the developer portal."
              />
            )}
          </Field>
        </FormSection>

        <FormSection title="Backend" description="The WebSocket service the gateway relays connections to.">
          <Field label="WebSocket URL" required error={errors.serviceUrl} hint="The backend's base URL, for example ws://chat.internal:8080/socket.">
            {(control) => (
              <Input
                {...control}
                type="url"
                inputMode="url"
                value={values.serviceUrl}
                onChange={(e) => set("serviceUrl", e.target.value)}
                onBlur={() => blur("serviceUrl")}
                className="font-mono"
                placeholder="wss://backend.example.com/socket"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <SchemeField value={values.scheme} onChange={(scheme) => set("scheme", scheme)} error={errors.scheme} />
          <UnservedSchemeWarning scheme={values.scheme} served={servedSchemes} />
        </FormSection>

        <FormSection title="Gateway" description="Where clients connect. The suffix follows the gateway's public URL.">
          <PathField
            value={values.path}
            onChange={(value) => set("path", value)}
            onBlur={() => blur("path")}
            error={errors.path}
            availability={pathAvailability}
            gatewayBaseUrl={gatewayBaseUrl}
            normalised={path}
          />
        </FormSection>

        <FormSection title="Publishing" description="Who can reach the API, and through what.">
          <ProductsPicker selected={products} onChange={setProducts} />
          <GatewaysPicker selected={gateways} onChange={setGateways} />
          <Checkbox
            label="Subscription required"
            description="Clients must send a subscription key (header Ocp-Apim-Subscription-Key or query parameter subscription-key)."
            checked={values.subscriptionRequired}
            onChange={(e) => set("subscriptionRequired", e.target.checked)}
          />
        </FormSection>
      </div>

      <div className="sticky bottom-0 -mx-6 mt-6 flex justify-end gap-3 border-t border-slate-200 bg-slate-50/90 px-6 py-4 backdrop-blur lg:-mx-10 lg:px-10">
        <ButtonLink href="/admin/apis" variant="secondary">
          Cancel
        </ButtonLink>
        <Button type="submit" loading={busy}>
          Create
        </Button>
      </div>
    </form>
  );
}
