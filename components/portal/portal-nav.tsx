"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { MenuButton } from "@/components/ui/menu-button";
import { useDrawer } from "@/components/ui/use-drawer";

const SECTIONS = [
  { href: "/apis", label: "APIs" },
  { href: "/products", label: "Products" },
] as const;

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The portal's sections, the current one underlined (from `md` up; phones use PortalMenu). */
export function PortalNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Portal sections" className="hidden h-full items-stretch gap-6 md:flex">
      {SECTIONS.map((section) => {
        const active = isActive(pathname, section.href);
        return (
          <Link
            key={section.href}
            href={section.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px flex items-center border-b-2 px-0.5 text-sm font-medium transition-colors",
              focusRing,
              active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
            )}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Below `md`: a menu button and, under the header, a drawer with the portal's sections. */
export function PortalMenu() {
  const pathname = usePathname();
  const drawer = useDrawer("(min-width: 48rem)");
  return (
    <div className="md:hidden">
      <MenuButton drawer={drawer} className="-ml-2" />
      {drawer.open ? (
        <>
          <div className="fixed inset-x-0 top-16 bottom-0 bg-black/30" onClick={drawer.close} aria-hidden="true" />
          <nav
            id={drawer.panelId}
            ref={drawer.panelRef}
            aria-label="Portal sections"
            className="absolute inset-x-0 top-full border-b border-slate-200 bg-white px-4 py-3 shadow-lg"
          >
            <ul className="space-y-1">
              {SECTIONS.map((section) => {
                const active = isActive(pathname, section.href);
                return (
                  <li key={section.href}>
                    <Link
                      href={section.href}
                      aria-current={active ? "page" : undefined}
                      onClick={drawer.close}
                      className={cn(
                        "flex rounded-lg px-3 py-2.5 text-base font-medium",
                        focusRing,
                        active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                      )}
                    >
                      {section.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </>
      ) : null}
    </div>
  );
}
