/**
 * What a form shows when the management API refuses a change: a message beside each field the
 * server named, one message above the form for the rest. Pure, so the mapping is unit-tested.
 */
import { isDatabaseBusyError } from "@/components/admin/management-fetch";
import { serverErrorsFor } from "@/components/ui/server-field-errors";

/** Messages beside fields, by field name. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** A form's errors: beside fields, and one above the form (null: none). */
export interface FormErrors<F extends string> {
  fields: FieldErrors<F>;
  form: string | null;
}

/** A form with nothing to complain about. */
export const NO_FORM_ERRORS: FormErrors<never> = { fields: {}, form: null };

/**
 * Said when the database stayed busy through every retry managementFetch made: nothing was
 * written (the request met the lock), so sending the form again is safe.
 */
export const DATABASE_STILL_BUSY = "The database stayed busy, so nothing was saved. Send the form again in a moment.";

/** The errors a failed request shows; `fields` are the form's field names as the API's `properties.<name>` targets. */
export function formErrorsFor<F extends string>(error: unknown, fields: readonly F[]): FormErrors<F> {
  if (isDatabaseBusyError(error)) return { fields: {}, form: DATABASE_STILL_BUSY };
  return serverErrorsFor(error, fields);
}

/** Focuses the first invalid control of `form` once React has rendered the errors. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
