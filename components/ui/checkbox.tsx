"use client";

import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "./cn";

interface ChoiceProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: ReactNode;
  description?: ReactNode;
}

const box =
  "mt-0.5 h-4 w-4 shrink-0 cursor-pointer border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed";

/** A checkbox with its label (and an optional description) beside it. */
export function Checkbox({ label, description, className, ...rest }: ChoiceProps) {
  return <Choice type="checkbox" label={label} description={description} className={className} inputClassName={cn(box, "rounded")} {...rest} />;
}

/** A radio button with its label beside it. */
export function Radio({ label, description, className, ...rest }: ChoiceProps) {
  return <Choice type="radio" label={label} description={description} className={className} inputClassName={cn(box, "rounded-full")} {...rest} />;
}

function Choice({
  type,
  label,
  description,
  className,
  inputClassName,
  id,
  ...rest
}: ChoiceProps & { type: "checkbox" | "radio"; inputClassName: string }) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <input id={inputId} type={type} className={inputClassName} aria-describedby={description ? `${inputId}-description` : undefined} {...rest} />
      <div className="text-sm leading-5">
        <label htmlFor={inputId} className={cn("font-medium text-slate-800", rest.disabled ? "cursor-not-allowed" : "cursor-pointer")}>
          {label}
        </label>
        {description ? (
          <p id={`${inputId}-description`} className="text-slate-500">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
