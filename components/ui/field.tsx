"use client";

import { useId, type ReactNode } from "react";
import { cn } from "./cn";

/** What a field hands its control so label, hint and error are announced together. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
}

interface FieldProps {
  label: ReactNode;
  /** Help under the control; replaced by `error` when there is one. */
  hint?: ReactNode;
  error?: string | null;
  /** A status line under the control that is neither hint nor error (e.g. "Available"). */
  status?: ReactNode;
  required?: boolean;
  /** Right of the label (e.g. "Optional" or a reset link). */
  aside?: ReactNode;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/** A labelled form field: label, the control (render prop), then the error or hint. */
export function Field({ label, hint, error, status, required, aside, className, children }: FieldProps) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, status ? `${id}-status` : null, hint && !error ? `${id}-hint` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={cn("space-y-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3">
        <span>
          <label htmlFor={id} className="text-sm font-medium text-slate-800">
            {label}
          </label>
          {/* Outside the label, so the field's name stays "Name"; aria-required says it to screen readers. */}
          {required ? (
            <span className="ml-0.5 text-sm text-red-600" aria-hidden="true">
              *
            </span>
          ) : null}
        </span>
        {aside ? <span className="text-xs text-slate-500">{aside}</span> : null}
      </div>
      {children({
        id,
        "aria-describedby": describedBy || undefined,
        "aria-invalid": error ? true : undefined,
        "aria-required": required ? true : undefined,
      })}
      {error ? (
        <p id={`${id}-error`} className="flex items-start gap-1.5 text-sm text-red-700" data-field-error>
          <svg viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 h-4 w-4 shrink-0" aria-hidden="true">
            <path
              fillRule="evenodd"
              d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
              clipRule="evenodd"
            />
          </svg>
          <span>{error}</span>
        </p>
      ) : null}
      {status ? (
        <div id={`${id}-status`} className="text-sm" aria-live="polite">
          {status}
        </div>
      ) : null}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A group of controls with one legend (radio buttons, checkbox lists). */
export function Fieldset({
  legend,
  hint,
  error,
  className,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset className={cn("space-y-2", className)} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" data-field-error>
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
    </fieldset>
  );
}
