import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { ChevronRightIcon, LockIcon, WebSocketIcon } from "@/components/ui/icons";

export interface ApiCardData {
  id: string;
  displayName: string;
  description: string;
  /** Null when no gateway serves a scheme the API accepts. */
  connectUrl: string | null;
  subscriptionRequired: boolean;
  productNames: string[];
}

/** One API in the catalog: name, what it does, where it is, what it takes to use it. The whole card is the link. */
export function ApiCard({ api, compact = false }: { api: ApiCardData; compact?: boolean }) {
  return (
    <Link
      href={`/apis/${api.id}`}
      data-testid={`api-card-${api.id}`}
      className={cn(
        "group flex h-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-md",
        focusRing,
      )}
    >
      <div className="flex items-start gap-3">
        <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
          <WebSocketIcon className="h-5 w-5" />
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="truncate text-base font-semibold text-slate-900 group-hover:text-indigo-700">{api.displayName}</h3>
          <p className="truncate font-mono text-xs text-slate-500">{api.connectUrl ?? "No gateway serves its URL scheme"}</p>
        </div>
        <ChevronRightIcon className="mt-1 h-4 w-4 shrink-0 text-slate-300 group-hover:text-indigo-500" />
      </div>
      <p className={cn("mt-3 flex-1 text-sm leading-6 text-slate-600", compact ? "line-clamp-2" : "line-clamp-3")}>
        {api.description || "No description yet."}
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        {api.subscriptionRequired ? (
          <Badge tone="indigo">
            <LockIcon className="h-3 w-3" />
            Key required
          </Badge>
        ) : (
          <Badge tone="green">Open</Badge>
        )}
        {api.productNames.map((name) => (
          <Badge key={name}>{name}</Badge>
        ))}
      </div>
    </Link>
  );
}
