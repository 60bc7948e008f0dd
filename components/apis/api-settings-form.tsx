"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { ApiProtocol } from "@/db/schema/index";
import type { ApiContract } from "@/server/apis/api.schemas";
import { FormSection, PathField, SchemeField, takenMessage } from "./api-fields";
import {
  fromApiContract,
  normalisedPath,
  serverFieldErrors,
  toApiProperties,
  validateApiForm,
  type ApiFormField,
  type ApiFormValues,
  type FieldErrors,
} from "./api-form-model";
import { apiKeys } from "./api-queries";
import { UnservedSchemeWarning } from "./unserved-scheme-warning";
import { usePathAvailability } from "./use-availability";

/** Edits an API (PATCH with the changed properties only). */
export function ApiSettingsForm({ api, gatewayBaseUrl, servedSchemes }: { api: ApiContract; gatewayBaseUrl: string; servedSchemes: ApiProtocol[] }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const initial = fromApiContract(api);
  const [values, setValues] = useState<ApiFormValues>(initial);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);

  const clientErrors = validateApiForm(values, { requireName: false });
  const path = clientErrors.path ? null : normalisedPath(values.path);
  const pathAvailability = usePathAvailability(path, api.name);
  const before = toApiProperties(initial);
  const after = toApiProperties(values);
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
  const dirty = changed.length > 0;

  const errors = {
    displayName: serverErrors.displayName ?? clientErrors.displayName ?? null,
    serviceUrl: serverErrors.serviceUrl ?? clientErrors.serviceUrl ?? null,
    path: serverErrors.path ?? clientErrors.path ?? takenMessage(pathAvailability, "suffix"),
    description: serverErrors.description ?? clientErrors.description ?? null,
    scheme: serverErrors.scheme ?? null,
  };

  useEffect(() => {
    if (focusTick) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);

  const set = <K extends ApiFormField>(field: K, value: ApiFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setServerErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (Object.values(errors).some(Boolean)) {
      setFocusTick((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const properties = Object.fromEntries(changed.map((key) => [key, after[key]]));
      const saved = await managementFetch<ApiContract>(`/apis/${encodeURIComponent(api.name)}`, { method: "PATCH", body: { properties } });
      queryClient.setQueryData(apiKeys.detail(api.name), saved);
      void queryClient.invalidateQueries({ queryKey: apiKeys.list });
      setValues(fromApiContract(saved));
      toast.show({ title: "Changes saved", description: "New connections use them within a second; open ones are not dropped." });
    } catch (error) {
      if (error instanceof ManagementRequestError) {
        const { fields, other } = serverFieldErrors(error.details);
        setServerErrors(fields);
        if (other.length > 0 || Object.keys(fields).length === 0) setFormError(error.message);
      } else {
        setFormError("The portal could not be reached. Check your connection and try again.");
      }
      setFocusTick((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="API settings">
      {formError ? (
        <div role="alert" className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {formError}
        </div>
      ) : null}
      <div className="rounded-xl border border-slate-200 bg-white px-6 py-8 shadow-xs sm:px-8">
        <FormSection title="API" description="How the API is named in the portals.">
          <Field label="Display name" required error={errors.displayName}>
            {(control) => <Input {...control} value={values.displayName} onChange={(e) => set("displayName", e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="Name" hint="The API's identifier in URLs and scripts; it cannot be changed.">
            {(control) => <Input {...control} value={api.name} disabled readOnly className="font-mono" />}
          </Field>
          <Field label="Description" aside="Optional" error={errors.description}>
            {(control) => <Textarea {...control} value={values.description} onChange={(e) => set("description", e.target.value)} rows={3} />}
          </Field>
        </FormSection>
        <FormSection title="Backend" description="The WebSocket service the gateway relays connections to.">
          <Field label="WebSocket URL" required error={errors.serviceUrl}>
            {(control) => (
              <Input
                {...control}
                type="url"
                value={values.serviceUrl}
                onChange={(e) => set("serviceUrl", e.target.value)}
                className="font-mono"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <SchemeField value={values.scheme} onChange={(scheme) => set("scheme", scheme)} error={errors.scheme} />
          <UnservedSchemeWarning scheme={values.scheme} served={servedSchemes} />
        </FormSection>
        <FormSection title="Gateway" description="Changing the suffix moves the API: clients must use the new URL.">
          <PathField
            value={values.path}
            onChange={(value) => set("path", value)}
            onBlur={() => {}}
            error={errors.path}
            availability={values.path === initial.path ? { state: "idle" } : pathAvailability}
            gatewayBaseUrl={gatewayBaseUrl}
            normalised={path}
          />
        </FormSection>
        <FormSection title="Access" description="Whether clients need a subscription key.">
          <Checkbox
            label="Subscription required"
            description="Clients must send a subscription key (header Ocp-Apim-Subscription-Key or query parameter subscription-key)."
            checked={values.subscriptionRequired}
            onChange={(e) => set("subscriptionRequired", e.target.checked)}
          />
        </FormSection>
      </div>
      <div className="mt-6 flex items-center justify-end gap-3">
        {dirty ? <span className="mr-auto text-sm text-slate-500">Unsaved changes</span> : null}
        <Button
          variant="secondary"
          disabled={!dirty || busy}
          onClick={() => {
            setValues(initial);
            setServerErrors({});
            setFormError(null);
          }}
        >
          Discard
        </Button>
        <Button type="submit" disabled={!dirty} loading={busy}>
          Save changes
        </Button>
      </div>
    </form>
  );
}
