import type { z } from "zod";
import { isDatabaseBusyError, ManagementRequestError, type ManagementErrorDetail } from "@/components/admin/management-fetch";
import { DATABASE_STILL_BUSY } from "@/components/resources/form-errors";
import { apiIdSchema, apiPathSchema, serviceUrlSchema, type ApiContract } from "@/server/apis/api.schemas";

/**
 * The API form's values and their checks. The checks are the management API's own zod
 * schemas, run in the browser for instant feedback; the server runs them again on save and
 * its `error.details` land under the same fields (`fieldOfTarget`).
 */

export type UrlScheme = "ws" | "wss" | "both";

export interface ApiFormValues {
  displayName: string;
  name: string;
  description: string;
  serviceUrl: string;
  scheme: UrlScheme;
  path: string;
  subscriptionRequired: boolean;
}

export type ApiFormField = keyof ApiFormValues;
export type FieldErrors = Partial<Record<ApiFormField, string>>;

export const EMPTY_API_FORM: ApiFormValues = {
  displayName: "",
  name: "",
  description: "",
  serviceUrl: "",
  scheme: "both",
  path: "",
  subscriptionRequired: true,
};

/** "must be …" (the API's predicate style) as a sentence under a field: "Must be …." */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function firstIssue(schema: z.ZodType, value: string): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : sentence(result.error.issues[0]?.message ?? "is invalid");
}

/** The suffix as the server stores it (trimmed, no leading or trailing '/'), or null when it is not valid. */
export function normalisedPath(path: string): string | null {
  const result = apiPathSchema.safeParse(path);
  return result.success ? result.data : null;
}

/** The error to show under each field, or none. */
export function validateApiForm(values: ApiFormValues, options: { requireName: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.displayName.trim()) errors.displayName = "Enter a display name.";
  else if (values.displayName.trim().length > 300) errors.displayName = "Must be at most 300 characters long.";
  if (options.requireName) {
    if (!values.name.trim()) errors.name = "Enter a name.";
    else errors.name = firstIssue(apiIdSchema, values.name) ?? undefined;
  }
  if (!values.serviceUrl.trim()) errors.serviceUrl = "Enter the backend's WebSocket URL.";
  else errors.serviceUrl = firstIssue(serviceUrlSchema, values.serviceUrl) ?? undefined;
  if (!values.path.trim()) errors.path = "Enter a URL suffix.";
  else errors.path = firstIssue(apiPathSchema, values.path) ?? undefined;
  if (values.description.length > 10_000) errors.description = "Must be at most 10000 characters long.";
  for (const key of Object.keys(errors) as ApiFormField[]) if (!errors[key]) delete errors[key];
  return errors;
}

/** The `properties` the management API takes. */
export function toApiProperties(values: ApiFormValues) {
  return {
    displayName: values.displayName.trim(),
    description: values.description,
    type: "websocket" as const,
    serviceUrl: values.serviceUrl.trim(),
    path: values.path.trim(),
    protocols: values.scheme === "both" ? ["ws", "wss"] : [values.scheme],
    subscriptionRequired: values.subscriptionRequired,
  };
}

/** The form's values for a stored API. */
export function fromApiContract(api: ApiContract): ApiFormValues {
  const { protocols } = api.properties;
  return {
    displayName: api.properties.displayName,
    name: api.name,
    description: api.properties.description,
    // Only developers get an API without its serviceUrl, and they never open this form.
    serviceUrl: api.properties.serviceUrl ?? "",
    scheme: protocols.length === 2 ? "both" : (protocols[0] ?? "both"),
    path: api.properties.path,
    subscriptionRequired: api.properties.subscriptionRequired,
  };
}

const TARGETS: Record<string, ApiFormField> = {
  name: "name",
  apiId: "name",
  "properties.displayName": "displayName",
  "properties.description": "description",
  "properties.serviceUrl": "serviceUrl",
  "properties.path": "path",
  "properties.protocols": "scheme",
  "properties.subscriptionRequired": "subscriptionRequired",
};

/** Which form field a server error detail is about; null for one no field shows. */
export function fieldOfTarget(target: string): ApiFormField | null {
  return TARGETS[target] ?? (target.startsWith("properties.protocols") ? "scheme" : null);
}

/** Splits server error details into per-field errors and the rest. */
export function serverFieldErrors(details: readonly ManagementErrorDetail[]): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const detail of details) {
    const field = fieldOfTarget(detail.target);
    if (field && !fields[field]) fields[field] = sentence(detail.message);
    else if (!field) other.push(`${detail.target} ${detail.message}.`);
  }
  return { fields, other };
}

/** What the API forms show when the management API refuses a change: beside fields, and above the form. */
export function apiFormErrorsFor(error: unknown): { fields: FieldErrors; form: string | null } {
  if (isDatabaseBusyError(error)) return { fields: {}, form: DATABASE_STILL_BUSY };
  if (!(error instanceof ManagementRequestError)) return { fields: {}, form: "The portal could not be reached. Check your connection and try again." };
  const { fields, other } = serverFieldErrors(error.details);
  return { fields, form: other.length > 0 || Object.keys(fields).length === 0 ? error.message : null };
}

/** Where clients connect: the public gateway URL and the suffix. */
export function gatewayUrlFor(gatewayBaseUrl: string, path: string): string {
  return `${gatewayBaseUrl.replace(/\/+$/, "")}/${path}`;
}
