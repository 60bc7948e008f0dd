"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";

const SECTIONS = [
  { href: "/apis", label: "APIs" },
  { href: "/products", label: "Products" },
] as const;

/** The portal's sections, the current one underlined. */
export function PortalNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Portal sections" className="flex h-full items-stretch gap-6">
      {SECTIONS.map((section) => {
        const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
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
