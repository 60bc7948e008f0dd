import { Badge } from "@/components/ui/badge";

/** The schemes an API accepts, as badges. */
export function SchemeBadges({ protocols }: { protocols: readonly string[] }) {
  return (
    <span className="inline-flex gap-1">
      {protocols.map((p) => (
        <Badge key={p} className="font-mono uppercase">
          {p}
        </Badge>
      ))}
    </span>
  );
}
