"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { focusFirstInvalid } from "@/components/resources/form-errors";
import { useFormMutation } from "@/components/resources/use-form-mutation";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { ApiProtocol } from "@/db/schema/index";
import {
  AvailabilityStatus,
  DescriptionField,
  DisplayNameField,
  FormAlert,
  FormSection,
  PathField,
  SchemeField,
  ServiceUrlField,
  SubscriptionRequiredField,
  takenMessage,
} from "./api-fields";
import { apiFormErrorsFor, EMPTY_API_FORM, gatewayUrlFor, normalisedPath, toApiProperties, validateApiForm, type ApiFormField, type ApiFormValues } from "./api-form-model";
import { apiKeys } from "./api-queries";
import { createApi } from "./create-api";
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
  const [products, setProducts] = useState<string[]>([]);
  const [gateways, setGateways] = useState<string[]>([]);
  const create = useFormMutation({
    mutationFn: (v: { apiId: string; properties: Record<string, unknown>; links: { products: string[]; gateways: string[] } }) => createApi(v.apiId, v.properties, v.links),
    errorsFor: apiFormErrorsFor,
    onSuccess: async ({ api, failed }) => {
      queryClient.setQueryData(apiKeys.detail(api.name), api);
      await queryClient.invalidateQueries({ queryKey: apiKeys.list });
      toast.show({ title: "API created", description: `Clients connect to ${gatewayUrlFor(gatewayBaseUrl, api.properties.path)}` });
      if (failed.length > 0) {
        toast.show({ tone: "error", title: "Some links were not made", description: `Could not add the API to ${failed.join(", ")}. Try again from the API's page.` });
      }
      router.push(`/admin/apis/${encodeURIComponent(api.name)}`);
    },
  });
  const serverErrors = create.errors.fields;

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

  const set = <K extends ApiFormField>(field: K, value: ApiFormValues[K]) => {
    setValues((current) => {
      const next = { ...current, [field]: value };
      if (field === "displayName" && !nameEdited) next.name = slugify(value as string);
      return next;
    });
    create.clearField(field);
    if (field === "displayName" && !nameEdited) create.clearField("name");
  };
  const blur = (field: ApiFormField) => setTouched((t) => ({ ...t, [field]: true }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    const blocked = Object.keys(clientErrors).length > 0 || pathAvailability.state === "taken" || nameAvailability.state === "taken";
    if (blocked) {
      focusFirstInvalid(formRef.current);
      return;
    }
    create.submit({ apiId: values.name.trim(), properties: toApiProperties(values), links: { products, gateways } }, { onError: () => focusFirstInvalid(formRef.current) });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Create a WebSocket API">
      <FormAlert message={create.errors.form} />

      <div className="rounded-xl border border-slate-200 bg-white px-6 py-8 shadow-xs sm:px-8">
        <FormSection title="API" description="How the API is named in the portals and the management API.">
          <DisplayNameField value={values.displayName} onChange={(v) => set("displayName", v)} onBlur={() => blur("displayName")} error={errors.displayName} autoFocus />
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
          <DescriptionField value={values.description} onChange={(v) => set("description", v)} onBlur={() => blur("description")} error={errors.description} />
        </FormSection>

        <FormSection title="Backend" description="The WebSocket service the gateway relays connections to.">
          <ServiceUrlField value={values.serviceUrl} onChange={(v) => set("serviceUrl", v)} onBlur={() => blur("serviceUrl")} error={errors.serviceUrl} />
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
          <SubscriptionRequiredField checked={values.subscriptionRequired} onChange={(checked) => set("subscriptionRequired", checked)} />
        </FormSection>
      </div>

      <div className="sticky bottom-0 -mx-6 mt-6 flex justify-end gap-3 border-t border-slate-200 bg-slate-50/90 px-6 py-4 backdrop-blur lg:-mx-10 lg:px-10">
        <ButtonLink href="/admin/apis" variant="secondary">
          Cancel
        </ButtonLink>
        <Button type="submit" loading={create.pending}>
          Create
        </Button>
      </div>
    </form>
  );
}
