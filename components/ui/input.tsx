import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

const control =
  "block w-full rounded-lg border bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 transition-colors outline-none focus:ring-3 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500";
const normal = "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/20";
const invalid = "border-red-400 focus:border-red-500 focus:ring-red-500/20";

/** Classes of a text control; red when `aria-invalid`. */
export function controlClasses(isInvalid: boolean | undefined, className?: string): string {
  return cn(control, isInvalid ? invalid : normal, className);
}

function isInvalid(value: unknown): boolean {
  return value === true || value === "true";
}

/** A text input. `prefix` renders a fixed leading part (e.g. the gateway's base URL). */
export function Input({ className, prefix, ...rest }: Omit<ComponentProps<"input">, "prefix"> & { prefix?: ReactNode }) {
  const bad = isInvalid(rest["aria-invalid"]);
  if (!prefix) return <input className={controlClasses(bad, cn("h-10", className))} {...rest} />;
  return (
    <div
      className={cn(
        "flex h-10 w-full overflow-hidden rounded-lg border bg-white shadow-xs transition-colors focus-within:ring-3",
        bad ? "border-red-400 focus-within:border-red-500 focus-within:ring-red-500/20" : "border-slate-300 focus-within:border-indigo-500 focus-within:ring-indigo-500/20",
        className,
      )}
    >
      <span className="flex max-w-[55%] shrink-0 items-center truncate border-r border-slate-200 bg-slate-50 px-3 font-mono text-xs text-slate-500">
        {prefix}
      </span>
      <input className="min-w-0 flex-1 bg-transparent px-3 text-sm text-slate-900 outline-none placeholder:text-slate-400" {...rest} />
    </div>
  );
}

/** A multi-line text input. */
export function Textarea({ className, ...rest }: ComponentProps<"textarea">) {
  return <textarea className={controlClasses(isInvalid(rest["aria-invalid"]), cn("min-h-20 py-2", className))} {...rest} />;
}
