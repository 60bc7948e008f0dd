"use client";

import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";

/** Online when the last heartbeat is recent (gateways beat every few seconds). */
export function Heartbeat({ iso }: { iso: string | null }) {
  if (!iso) return <Badge>Never connected</Badge>;
  const online = Date.now() - new Date(iso).getTime() < 2 * 60_000;
  return (
    <span className="inline-flex items-center gap-2">
      <span className={`h-2 w-2 rounded-full ${online ? "bg-emerald-500" : "bg-slate-300"}`} aria-hidden="true" />
      <span className="text-slate-700">
        {online ? "Online" : "Offline"} · <RelativeTime iso={iso} />
      </span>
    </span>
  );
}
