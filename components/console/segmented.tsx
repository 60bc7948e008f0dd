"use client";

import { useId } from "react";
import { cn } from "@/components/ui/cn";

/**
 * A segmented control: native radio buttons (arrow keys move between them, one tab stop),
 * drawn as joined buttons.
 */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  size = "md",
  disabled,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  size?: "sm" | "md";
  disabled?: boolean;
}) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex rounded-lg bg-slate-100 p-0.5 ring-1 ring-slate-200 ring-inset">
      {options.map((option) => (
        <label key={option.value} className="relative">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            disabled={disabled}
            // Transparent over its label: a click lands on the radio itself.
            className="peer absolute inset-0 z-10 m-0 cursor-pointer appearance-none opacity-0 disabled:cursor-not-allowed"
          />
          <span
            className={cn(
              "flex cursor-pointer items-center rounded-md font-medium text-slate-600 transition-colors select-none hover:text-slate-900",
              "peer-checked:bg-white peer-checked:text-slate-900 peer-checked:shadow-xs peer-checked:ring-1 peer-checked:ring-slate-200",
              "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-1 peer-focus-visible:outline-indigo-600",
              "peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
              size === "sm" ? "h-7 px-2.5 text-xs" : "h-8 px-3 text-sm",
            )}
          >
            {option.label}
          </span>
        </label>
      ))}
    </div>
  );
}
