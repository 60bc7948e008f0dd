"use client";

import { useMutation, useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { focusFirstInvalid, formErrorsFor, NO_FORM_ERRORS, type FieldErrors, type FormErrors } from "./form-errors";

/** What a form's change does, and what it refreshes and says when it worked. */
export interface FormMutationConfig<TVariables, TData, F extends string> {
  mutationFn: (variables: TVariables) => Promise<TData>;
  /** The form's field names, to put the server's messages beside them. */
  fields?: readonly F[];
  /** Queries refetched after a success, before `onSuccess` runs. */
  invalidate?: readonly QueryKey[];
  onSuccess?: (data: TData, variables: TVariables) => void | Promise<void>;
  /** A refusal the form words itself (409 "already exists"); null leaves it to formErrorsFor. */
  errorsFor?: (error: unknown) => FormErrors<F> | null;
}

/**
 * The useMutation options of a form change: the errors are reset when it starts and set from
 * the refusal when it fails; a success refetches `invalidate`, then calls `onSuccess`. Apart
 * from the hook so a test can run it on a bare QueryClient (MutationObserver), without React.
 */
export function formMutationOptions<TVariables, TData, F extends string>(
  queryClient: QueryClient,
  config: FormMutationConfig<TVariables, TData, F>,
  setErrors: (errors: FormErrors<F>) => void,
) {
  return {
    mutationFn: config.mutationFn,
    onMutate: () => setErrors(NO_FORM_ERRORS),
    onSuccess: async (data: TData, variables: TVariables) => {
      await Promise.all((config.invalidate ?? []).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      await config.onSuccess?.(data, variables);
    },
    onError: (error: unknown) => setErrors(config.errorsFor?.(error) ?? formErrorsFor(error, config.fields ?? [])),
  };
}

/** A form's change on TanStack Query's useMutation, with the errors to show beside fields and above the form. */
export function useFormMutation<TVariables, TData, F extends string = never>(config: FormMutationConfig<TVariables, TData, F>) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors<F>>(NO_FORM_ERRORS);
  const mutation = useMutation(formMutationOptions(queryClient, config, setErrors));
  const { reset: resetMutation } = mutation;
  /** Shows the form's own checks; true when there were none, so the change may be sent. */
  const check = useCallback((fields: FieldErrors<F>) => {
    setErrors({ fields, form: null });
    return Object.keys(fields).length === 0;
  }, []);
  const reset = useCallback(() => {
    resetMutation();
    setErrors(NO_FORM_ERRORS);
  }, [resetMutation]);
  /** Clears the message beside one field (the user is changing it). */
  const clearField = useCallback((field: F) => setErrors((e) => (e.fields[field] ? { ...e, fields: { ...e.fields, [field]: undefined } } : e)), []);
  const { mutate } = mutation;
  /** Shows the form's own checks (`fields`); sends `variables` when there are none, else focuses the first invalid field of `form`. */
  const send = useCallback(
    (form: HTMLElement | null, fields: FieldErrors<F>, variables: TVariables) => {
      if (check(fields)) mutate(variables);
      else focusFirstInvalid(form);
    },
    [check, mutate],
  );
  return { submit: mutate, send, pending: mutation.isPending, errors, setErrors, check, clearField, reset };
}
