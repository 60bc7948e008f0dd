"use client";

import { useState } from "react";
import { cn } from "./cn";

/** Writes text to the clipboard; falls back to a selection copy where the Clipboard API is missing (plain-http origins). */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

const TONES = {
  dark: "border-code-fg/10 bg-code-fg/5 text-code-muted hover:bg-code-fg/10 hover:text-code-fg focus-visible:outline-indigo-400",
  light: "border-slate-300 bg-white text-slate-700 shadow-xs hover:bg-slate-50 focus-visible:outline-indigo-600",
};

/** Copies `text` to the clipboard and confirms for a moment. */
export function CopyButton({
  text,
  label = "Copy",
  tone = "dark",
  ariaLabel,
}: {
  text: string;
  label?: string;
  tone?: keyof typeof TONES;
  /** What the button copies, for screen readers ("Copy gateway URL"). */
  ariaLabel?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      aria-label={ariaLabel}
      onClick={async () => {
        try {
          await copyText(text);
          setState("copied");
        } catch {
          setState("failed");
        }
        setTimeout(() => setState("idle"), 1500);
      }}
      className={cn(
        "inline-flex items-center gap-1 rounded-md border px-2 py-1 text-xs font-medium transition focus-visible:outline-2 focus-visible:outline-offset-2",
        TONES[tone],
      )}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : label}</span>
    </button>
  );
}
