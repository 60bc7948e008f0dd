import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/admin/query-provider";
import { SidebarNav } from "@/components/admin/sidebar-nav";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { Logo } from "@/components/brand/logo";
import { focusRing } from "@/components/ui/focus";
import { ToastProvider } from "@/components/ui/toast";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: { default: "Admin — Portcullis", template: "%s — Portcullis admin" } };

/** The admin shell: sidebar with the sections and the signed-in user; administrators and publishers only. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePortalRole(PUBLISHER_ROLES);
  const initials = (user.name || user.email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");

  return (
    <QueryProvider>
      <ToastProvider>
        <div className="min-h-screen lg:grid lg:grid-cols-[16rem_1fr]">
          <a
            href="#main"
            className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
          >
            Skip to content
          </a>
          <aside className="flex flex-col border-b border-slate-200 bg-white lg:sticky lg:top-0 lg:h-screen lg:border-r lg:border-b-0">
            <div className="flex h-16 items-center gap-3 px-5">
              <Link href="/admin/apis" className={`flex items-center gap-3 rounded-lg ${focusRing}`}>
                <Logo />
                <span className="text-base font-semibold tracking-tight text-slate-900">Portcullis</span>
              </Link>
              <span className="ml-auto rounded-md bg-slate-100 px-1.5 py-0.5 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
                Admin
              </span>
            </div>
            <div className="flex-1 overflow-y-auto px-3 py-4">
              <SidebarNav role={user.role} />
            </div>
            <div className="border-t border-slate-200 p-4">
              <div className="flex items-center gap-3">
                <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-700" aria-hidden="true">
                  {initials}
                </span>
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium text-slate-900" data-testid="signed-in-user">
                    {user.email}
                  </p>
                  <p className="text-xs text-slate-500 capitalize">{user.role}</p>
                </div>
              </div>
              <SignOutButton className="mt-3 w-full justify-start" />
            </div>
          </aside>
          <main id="main" className="min-w-0">
            <div className="mx-auto max-w-6xl px-6 py-8 lg:px-10 lg:py-10">{children}</div>
          </main>
        </div>
      </ToastProvider>
    </QueryProvider>
  );
}
