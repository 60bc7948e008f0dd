import { ManagementRequestError } from "@/components/admin/management-fetch";

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Splits a failed management request into messages for the form's fields (by the property
 * name after `properties.`) and one message for the rest.
 */
export function serverErrorsFor<F extends string>(error: unknown, fields: readonly F[]): { fields: Partial<Record<F, string>>; form: string | null } {
  if (!(error instanceof ManagementRequestError)) return { fields: {}, form: "The portal could not be reached. Check your connection and try again." };
  const found: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const detail of error.details) {
    const field = detail.target.replace(/^properties\./, "").split(".")[0] as F;
    if (fields.includes(field)) found[field] ??= sentence(detail.message);
    else other.push(`${detail.target} ${detail.message}.`);
  }
  const form = Object.keys(found).length === 0 ? error.message : other.length > 0 ? other.join(" ") : null;
  return { fields: found, form };
}
