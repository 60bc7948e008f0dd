import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { ChevronRightIcon } from "@/components/ui/icons";

/** A page's title row: breadcrumbs, the title, a line about it, and its main actions. */
export function PageHeader({
  title,
  description,
  actions,
  breadcrumbs,
  badges,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: { href: string; label: string }[];
  badges?: ReactNode;
}) {
  return (
    <div className="mb-8">
      {breadcrumbs?.length ? (
        <nav aria-label="Breadcrumb" className="mb-3">
          <ol className="flex min-w-0 flex-wrap items-center gap-1.5 text-sm text-slate-500">
            {breadcrumbs.map((crumb) => (
              <li key={crumb.href} className="flex items-center gap-1.5">
                <Link href={crumb.href} className={cn("rounded hover:text-slate-800", focusRing)}>
                  {crumb.label}
                </Link>
                <ChevronRightIcon className="h-3.5 w-3.5 text-slate-400" />
              </li>
            ))}
            <li aria-current="page" className="truncate font-medium text-slate-700">
              {title}
            </li>
          </ol>
        </nav>
      ) : null}
      <div className={cn("flex flex-wrap justify-between gap-4", description ? "items-start" : "items-center")}>
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
            {badges}
          </div>
          {description ? <p className="mt-1.5 max-w-3xl text-sm text-slate-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 flex-wrap items-center gap-3">{actions}</div> : null}
      </div>
    </div>
  );
}
