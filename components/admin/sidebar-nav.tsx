"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { UserRole } from "@/db/schema/index";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { ApisIcon, AuditIcon, ChartIcon, GatewaysIcon, LogsIcon, ProductsIcon, ShieldIcon, SignalIcon, SubscriptionsIcon, TokensIcon, UsersIcon } from "@/components/ui/icons";
import { ADMIN_SECTIONS } from "./nav";

const ICONS = {
  dashboard: ChartIcon,
  apis: ApisIcon,
  products: ProductsIcon,
  policies: ShieldIcon,
  gateways: GatewaysIcon,
  subscriptions: SubscriptionsIcon,
  users: UsersIcon,
  tokens: TokensIcon,
  audit: AuditIcon,
  logs: LogsIcon,
  connections: SignalIcon,
} as const;

/** The admin sections the role may open, the current one highlighted. */
export function SidebarNav({ role }: { role: UserRole }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin sections">
      <ul className="space-y-0.5">
        {ADMIN_SECTIONS.filter((s) => (s.roles as readonly UserRole[]).includes(role)).map((section) => {
          const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
          const Icon = ICONS[section.icon];
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "group flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors",
                  focusRing,
                  active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                )}
              >
                <Icon className={cn("h-5 w-5 shrink-0", active ? "text-indigo-600" : "text-slate-400 group-hover:text-slate-500")} />
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
