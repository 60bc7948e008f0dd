"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { focusFirstInvalid } from "@/components/resources/form-errors";
import { useFormMutation } from "@/components/resources/use-form-mutation";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { ApiProtocol } from "@/db/schema/index";
import type { ApiContract } from "@/server/apis/api.schemas";
import { DescriptionField, DisplayNameField, FormAlert, FormSection, PathField, SchemeField, ServiceUrlField, SubscriptionRequiredField, takenMessage } from "./api-fields";
import { apiFormErrorsFor, fromApiContract, normalisedPath, toApiProperties, validateApiForm, type ApiFormField, type ApiFormValues } from "./api-form-model";
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
  const save = useFormMutation({
    mutationFn: (properties: Record<string, unknown>) => managementFetch<ApiContract>(`/apis/${encodeURIComponent(api.name)}`, { method: "PATCH", body: { properties } }),
    errorsFor: apiFormErrorsFor,
    onSuccess: (saved) => {
      queryClient.setQueryData(apiKeys.detail(api.name), saved);
      void queryClient.invalidateQueries({ queryKey: apiKeys.list });
      setValues(fromApiContract(saved));
      toast.show({ title: "Changes saved", description: "New connections use them within a second; open ones are not dropped." });
    },
  });
  const serverErrors = save.errors.fields;

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

  const set = <K extends ApiFormField>(field: K, value: ApiFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    save.clearField(field);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (Object.values(errors).some(Boolean)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    save.submit(Object.fromEntries(changed.map((key) => [key, after[key]])), { onError: () => focusFirstInvalid(formRef.current) });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="API settings">
      <FormAlert message={save.errors.form} />
      <div className="rounded-xl border border-slate-200 bg-white px-6 py-8 shadow-xs sm:px-8">
        <FormSection title="API" description="How the API is named in the portals.">
          <DisplayNameField value={values.displayName} onChange={(v) => set("displayName", v)} error={errors.displayName} />
          <Field label="Name" hint="The API's identifier in URLs and scripts; it cannot be changed.">
            {(control) => <Input {...control} value={api.name} disabled readOnly className="font-mono" />}
          </Field>
          <DescriptionField value={values.description} onChange={(v) => set("description", v)} error={errors.description} />
        </FormSection>
        <FormSection title="Backend" description="The WebSocket service the gateway relays connections to.">
          <ServiceUrlField value={values.serviceUrl} onChange={(v) => set("serviceUrl", v)} error={errors.serviceUrl} />
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
          <SubscriptionRequiredField checked={values.subscriptionRequired} onChange={(checked) => set("subscriptionRequired", checked)} />
        </FormSection>
      </div>
      <div className="mt-6 flex items-center justify-end gap-3">
        {dirty ? <span className="mr-auto text-sm text-slate-500">Unsaved changes</span> : null}
        <Button
          variant="secondary"
          disabled={!dirty || save.pending}
          onClick={() => {
            setValues(initial);
            save.reset();
          }}
        >
          Discard
        </Button>
        <Button type="submit" disabled={!dirty} loading={save.pending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}
