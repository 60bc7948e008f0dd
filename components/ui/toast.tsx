"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";
import { focusRing } from "./focus";
import { toastBottomOffset } from "./toast-placement";

type ToastTone = "success" | "error" | "info";
interface ToastItem {
  id: number;
  tone: ToastTone;
  title: string;
  description?: string;
}

interface ToastApi {
  show: (toast: { tone?: ToastTone; title: string; description?: string }) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/**
 * Short notices in the corner ("API created"), announced to screen readers, gone after a few
 * seconds; lifted above any action bar on screen marked `data-toast-avoid`, so a toast never
 * covers the Save button it reports on.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const column = useRef<HTMLDivElement>(null);
  const shown = toasts.length > 0;

  useEffect(() => {
    const el = column.current;
    if (!shown || !el) return;
    const place = () => {
      const box = el.getBoundingClientRect();
      const bars = Array.from(document.querySelectorAll("[data-toast-avoid]"), (bar) => bar.getBoundingClientRect());
      el.style.bottom = `${toastBottomOffset({ left: box.left, right: box.right, height: box.height }, window.innerHeight, bars)}px`;
    };
    place();
    window.addEventListener("scroll", place, { passive: true });
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place);
      window.removeEventListener("resize", place);
    };
  }, [shown, toasts]);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<ToastApi["show"]>(
    ({ tone = "success", title, description }) => {
      const id = next.current++;
      setToasts((all) => [...all.slice(-2), { id, tone, title, description }]);
      setTimeout(() => dismiss(id), tone === "error" ? 8000 : 4000);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        ref={column}
        aria-live="polite"
        role="status"
        data-testid="toast-region"
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-full max-w-sm flex-col gap-2"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className="pointer-events-auto flex items-start gap-3 rounded-xl bg-white p-4 shadow-lg ring-1 ring-slate-900/10"
            data-testid="toast"
          >
            <span
              className={cn(
                "mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold text-on-accent",
                toast.tone === "success" && "bg-emerald-500",
                toast.tone === "error" && "bg-red-500",
                toast.tone === "info" && "bg-indigo-500",
              )}
              aria-hidden="true"
            >
              {toast.tone === "success" ? "✓" : toast.tone === "error" ? "!" : "i"}
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-sm font-semibold text-slate-900">{toast.title}</p>
              {toast.description ? <p className="mt-0.5 text-sm text-slate-600">{toast.description}</p> : null}
            </div>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              className={cn("rounded text-slate-400 hover:text-slate-600", focusRing)}
              aria-label="Dismiss"
            >
              <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden="true">
                <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
              </svg>
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a toast; must be under a ToastProvider. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast must be used under <ToastProvider>");
  return api;
}
