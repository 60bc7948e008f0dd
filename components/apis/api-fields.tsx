"use client";

import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, Fieldset } from "@/components/ui/field";
import { CheckCircleIcon } from "@/components/ui/icons";
import { Input, Textarea } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { gatewayUrlFor, type UrlScheme } from "./api-form-model";
import type { Availability } from "./use-availability";

/** "Checking…", "Available", or "Already used by API X" under a field that must be unique. */
export function AvailabilityStatus({ availability, what }: { availability: Availability; what: string }) {
  switch (availability.state) {
    case "checking":
      return (
        <span className="flex items-center gap-1.5 text-slate-500">
          <Spinner className="h-3.5 w-3.5" /> Checking availability…
        </span>
      );
    case "available":
      return (
        <span className="flex items-center gap-1.5 text-emerald-700" data-testid={`${what}-available`}>
          <CheckCircleIcon className="h-4 w-4" /> Available
        </span>
      );
    default:
      // "taken" is shown as the field's error (takenMessage).
      return null;
  }
}

/** The message for a taken path or name, shown as the field's error. */
export function takenMessage(availability: Availability, what: "suffix" | "name"): string | null {
  if (availability.state !== "taken") return null;
  const noun = what === "suffix" ? "This URL suffix" : "This name";
  return `${noun} is already used by API ${availability.by.displayName} (${availability.by.name}).`;
}

const SCHEMES: { value: UrlScheme; label: string; hint: string }[] = [
  { value: "ws", label: "WS", hint: "ws:// only" },
  { value: "wss", label: "WSS", hint: "wss:// only (TLS)" },
  { value: "both", label: "Both", hint: "ws:// and wss://" },
];

/** Which schemes clients may use to reach the API on the gateway. */
export function SchemeField({ value, onChange, error }: { value: UrlScheme; onChange: (value: UrlScheme) => void; error?: string | null }) {
  return (
    <Fieldset legend="URL scheme" hint="The schemes clients may use to connect to the gateway for this API." error={error}>
      <div className="grid max-w-md grid-cols-3 gap-2">
        {SCHEMES.map((scheme) => (
          <label key={scheme.value} className="relative cursor-pointer">
            <input
              type="radio"
              name="url-scheme"
              value={scheme.value}
              checked={value === scheme.value}
              onChange={() => onChange(scheme.value)}
              className="peer sr-only"
            />
            <span
              className={cn(
                "flex flex-col items-center rounded-lg border px-3 py-2 text-center transition-colors",
                "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
                "peer-checked:border-indigo-600 peer-checked:bg-indigo-50 peer-checked:text-indigo-700 peer-checked:ring-1 peer-checked:ring-indigo-600",
                "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600",
              )}
            >
              <span className="text-sm font-semibold">{scheme.label}</span>
              <span className="text-xs text-slate-500">{scheme.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </Fieldset>
  );
}

/** The URL suffix, checked for uniqueness as you type, and the gateway URL it makes. */
export function PathField({
  value,
  onChange,
  onBlur,
  error,
  availability,
  gatewayBaseUrl,
  normalised,
}: {
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  error: string | null;
  availability: Availability;
  gatewayBaseUrl: string;
  normalised: string | null;
}) {
  const preview = normalised ? gatewayUrlFor(gatewayBaseUrl, normalised) : null;
  return (
    <div className="space-y-4">
      <Field
        label="API URL suffix"
        required
        error={error}
        status={error ? null : <AvailabilityStatus availability={availability} what="suffix" />}
        hint="Identifies this API on the gateway; unique in this instance. Letters, digits, '-', '.', '_', '~' and '/'."
      >
        {(control) => (
          <Input
            {...control}
            prefix={`${gatewayBaseUrl.replace(/\/+$/, "")}/`}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onBlur}
            placeholder="chat/v1"
            autoComplete="off"
            spellCheck={false}
            data-testid="api-path"
          />
        )}
      </Field>
      <GatewayUrlPreview url={preview} />
    </div>
  );
}

/** The URL clients will connect to, with a copy button. */
export function GatewayUrlPreview({ url }: { url: string | null }) {
  return (
    <div className="rounded-lg border border-indigo-100 bg-indigo-50/60 px-4 py-3">
      <p className="text-xs font-semibold tracking-wide text-indigo-700 uppercase">Gateway URL</p>
      <div className="mt-1 flex items-center justify-between gap-3">
        <p className={cn("min-w-0 font-mono text-sm break-all", url ? "text-slate-900" : "text-slate-400")} data-testid="gateway-url-preview">
          {url ?? "Type a URL suffix to see where clients connect"}
        </p>
        {url ? <CopyButton text={url} tone="light" ariaLabel="Copy gateway URL" /> : null}
      </div>
    </div>
  );
}

/** A titled group of fields: the title and a line about it on the left, the fields on the right. */
export function FormSection({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <section className="grid gap-x-10 gap-y-5 border-t border-slate-200 py-8 first:border-t-0 first:pt-0 md:grid-cols-[14rem_1fr]">
      <div>
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        <p className="mt-1 text-sm leading-6 text-slate-500">{description}</p>
      </div>
      <div className="max-w-2xl space-y-6">{children}</div>
    </section>
  );
}

/** The form's own error above its sections (the server's message for what no field shows). */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {message}
    </div>
  );
}

/** The props of a plain text field of the API forms. */
interface TextFieldProps {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error: string | null;
}

/** The API's display name, the one developers see. */
export function DisplayNameField({ value, onChange, onBlur, error, autoFocus }: TextFieldProps & { autoFocus?: boolean }) {
  return (
    <Field label="Display name" required error={error} hint="The name developers see.">
      {(control) => <Input {...control} value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} placeholder="Chat" autoFocus={autoFocus} autoComplete="off" />}
    </Field>
  );
}

/** The API's description, for the developer portal. */
export function DescriptionField({ value, onChange, onBlur, error }: TextFieldProps) {
  return (
    <Field label="Description" aside="Optional" error={error}>
      {(control) => (
        <Textarea {...control} value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} rows={3} placeholder="What the API does, for the developer portal." />
      )}
    </Field>
  );
}

/** The backend's WebSocket URL, the gateway relays connections to it. */
export function ServiceUrlField({ value, onChange, onBlur, error }: TextFieldProps) {
  return (
    <Field label="WebSocket URL" required error={error} hint="The backend's base URL, for example ws://chat.internal:8080/socket.">
      {(control) => (
        <Input
          {...control}
          type="url"
          inputMode="url"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          className="font-mono"
          placeholder="wss://backend.example.com/socket"
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </Field>
  );
}

/** Whether clients must send a subscription key. */
export function SubscriptionRequiredField({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Checkbox
      label="Subscription required"
      description="Clients must send a subscription key (header Ocp-Apim-Subscription-Key or query parameter subscription-key)."
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}
