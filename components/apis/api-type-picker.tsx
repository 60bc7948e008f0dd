import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { ChevronRightIcon, WebSocketIcon } from "@/components/ui/icons";

/** "Define a new API": the kinds Portcullis can add (WebSocket only). */
export function ApiTypePicker() {
  return (
    <section aria-labelledby="define-new-api">
      <h2 id="define-new-api" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
        Define a new API
      </h2>
      <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <li>
          <Link
            href="/admin/apis/new?type=websocket"
            className={cn(
              "group flex h-full items-start gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-md",
              focusRing,
            )}
          >
            <span className="flex h-11 w-11 shrink-0 items-center justify-center rounded-lg bg-accent text-on-accent shadow-sm">
              <WebSocketIcon className="h-6 w-6" />
            </span>
            <span className="min-w-0 flex-1">
              <span className="flex items-center justify-between text-base font-semibold text-slate-900">
                WebSocket
                <ChevronRightIcon className="h-4 w-4 text-slate-400 transition group-hover:translate-x-0.5 group-hover:text-indigo-600" />
              </span>
              <span className="mt-1 block text-sm text-slate-500">
                Relay ws:// and wss:// connections to a backend, with handshake policies and subscription keys.
              </span>
            </span>
          </Link>
        </li>
      </ul>
    </section>
  );
}
