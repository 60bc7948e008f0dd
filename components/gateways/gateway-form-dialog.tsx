"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { slugify } from "@/components/apis/slugify";
import { assertNameFree, IdTakenError } from "@/components/resources/assert-id-free";
import { FormDialog } from "@/components/resources/form-dialog";
import type { FieldErrors } from "@/components/resources/form-errors";
import { useFormMutation } from "@/components/resources/use-form-mutation";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { GatewayContract } from "@/server/gateways/gateway.schemas";
import { gatewayKeys } from "./gateway-queries";

/** Fields the server's errors are shown beside; a location error is shown above the form. */
const FIELDS = ["name", "displayName", "description"] as const;
type FieldName = (typeof FIELDS)[number] | "locationData.name";

interface Values {
  name: string;
  displayName: string;
  description: string;
  location: { name: string; city: string; district: string; countryOrRegion: string };
}

function initialValues(gateway: GatewayContract | null): Values {
  const location = gateway?.properties.locationData;
  return {
    name: gateway?.name ?? "",
    displayName: gateway?.properties.displayName ?? "",
    description: gateway?.properties.description ?? "",
    location: { name: location?.name ?? "", city: location?.city ?? "", district: location?.district ?? "", countryOrRegion: location?.countryOrRegion ?? "" },
  };
}

/** APIM's gateway properties from the form: a location only when it has a name; empty parts left out. */
function toProperties(values: Values): Record<string, unknown> {
  const { name, city, district, countryOrRegion } = values.location;
  const parts = Object.fromEntries(Object.entries({ city, district, countryOrRegion }).filter(([, v]) => v.trim() !== "").map(([k, v]) => [k, v.trim()]));
  return {
    displayName: values.displayName.trim() || undefined,
    description: values.description,
    locationData: name.trim() || Object.keys(parts).length > 0 ? { name: name.trim(), ...parts } : undefined,
  };
}

/** Registers a self-hosted gateway (`gateway` null) or edits one: name, description and location (APIM's locationData). */
export function GatewayFormDialog({ open, onClose, gateway }: { open: boolean; onClose: () => void; gateway: GatewayContract | null }) {
  const router = useRouter();
  const toast = useToast();
  const creating = gateway === null;
  const [values, setValues] = useState<Values>(() => initialValues(gateway));
  const [nameEdited, setNameEdited] = useState(false);
  const save = useFormMutation<{ id: string; properties: Record<string, unknown> }, GatewayContract, FieldName>({
    fields: FIELDS,
    mutationFn: async ({ id, properties }) => {
      if (creating) await assertNameFree("/gateways", id);
      return managementFetch<GatewayContract>(`/gateways/${encodeURIComponent(id)}`, { method: "PUT", body: { properties } });
    },
    invalidate: [gatewayKeys.all],
    errorsFor: (error) => (error instanceof IdTakenError ? { fields: { name: "A gateway with this id already exists." }, form: null } : null),
    onSuccess: (saved) => {
      toast.show(creating ? { title: "Gateway registered", description: "Assign it APIs, then deploy it from the Deployment tab." } : { title: "Gateway saved" });
      close();
      if (creating) router.push(`/admin/gateways/${encodeURIComponent(saved.name)}`);
    },
  });
  const errors = save.errors.fields;
  const close = () => {
    setValues(initialValues(gateway));
    setNameEdited(false);
    save.reset();
    onClose();
  };
  const setLocation = (part: keyof Values["location"], value: string) => setValues((v) => ({ ...v, location: { ...v.location, [part]: value } }));
  const submit = (form: HTMLFormElement) => {
    const found: FieldErrors<FieldName> = {};
    if (creating && !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(values.name.trim())) found.name = "Use letters, digits, '-' and '_', starting with a letter or digit.";
    const { city, district, countryOrRegion } = values.location;
    if (!values.location.name.trim() && (city || district || countryOrRegion)) found["locationData.name"] = "Name the location, or leave all its fields empty.";
    save.send(form, found, { id: creating ? values.name.trim() : gateway.name, properties: toProperties(values) });
  };
  return (
    <FormDialog
      open={open}
      onClose={close}
      title={creating ? "Register a self-hosted gateway" : `Edit ${gateway.properties.displayName}`}
      description={creating ? "A gateway you run in your own network or another region. It pulls the configuration of the APIs assigned to it." : undefined}
      submitLabel={creating ? "Register gateway" : "Save"}
      state={save}
      onSubmit={submit}
    >
      <Field label="Display name" aside="Optional" error={errors.displayName} hint="Defaults to the location's name, or the id.">
        {(control) => (
          <Input
            {...control}
            value={values.displayName}
            onChange={(e) => {
              const displayName = e.target.value;
              setValues((v) => ({ ...v, displayName, name: !creating || nameEdited ? v.name : slugify(displayName) }));
            }}
            placeholder="EU west edge"
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>
      {creating ? (
        <Field label="Id" required error={errors.name} hint="The gateway's identifier; its token and configuration refer to it.">
          {(control) => (
            <Input
              {...control}
              value={values.name}
              onChange={(e) => {
                setNameEdited(true);
                setValues((v) => ({ ...v, name: e.target.value }));
              }}
              className="font-mono"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      ) : null}
      <Field label="Description" aside="Optional" error={errors.description}>
        {(control) => <Textarea {...control} rows={2} value={values.description} onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))} />}
      </Field>
      <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-800">Location</legend>
        <Field label="Location name" error={errors["locationData.name"]} hint="Required when any location field is filled.">
          {(control) => <Input {...control} value={values.location.name} onChange={(e) => setLocation("name", e.target.value)} placeholder="London office" autoComplete="off" />}
        </Field>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="City">
            {(control) => <Input {...control} value={values.location.city} onChange={(e) => setLocation("city", e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="District">
            {(control) => <Input {...control} value={values.location.district} onChange={(e) => setLocation("district", e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="Country or region">
            {(control) => <Input {...control} value={values.location.countryOrRegion} onChange={(e) => setLocation("countryOrRegion", e.target.value)} autoComplete="off" />}
          </Field>
        </div>
      </fieldset>
    </FormDialog>
  );
}
