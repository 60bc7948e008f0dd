import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AdminShell } from "@/components/admin/admin-shell";
import { QueryProvider } from "@/components/admin/query-provider";
import { SidebarNav } from "@/components/admin/sidebar-nav";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { Logo } from "@/components/brand/logo";
import { focusRing } from "@/components/ui/focus";
import { ToastProvider } from "@/components/ui/toast";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: { default: "Admin — Portcullis", template: "%s — Portcullis admin" } };

/** The admin shell: sidebar (a drawer on phones) with the sections and the signed-in user; administrators and publishers only. */
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
        <AdminShell
          brand={
            <>
              <Link href="/admin/apis" className={`flex items-center gap-3 rounded-lg ${focusRing}`}>
                <Logo />
                <span className="text-base font-semibold tracking-tight text-slate-900">Portcullis</span>
              </Link>
              <span className="ml-auto rounded-md bg-slate-100 px-1.5 py-0.5 text-[11px] font-semibold tracking-wide text-slate-600 uppercase">
                Admin
              </span>
            </>
          }
          sidebar={
            <>
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
            </>
          }
        >
          {children}
        </AdminShell>
      </ToastProvider>
    </QueryProvider>
  );
}
