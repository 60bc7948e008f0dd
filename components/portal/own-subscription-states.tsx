import Link from "next/link";
import { Badge } from "@/components/ui/badge";

/** States of the developer's live subscriptions to one product, with how many of each. */
export type OwnStates = Partial<Record<"active" | "submitted" | "suspended", number>>;

/** "You have 1 active, 1 pending approval" next to a product, linking to the profile. */
export function OwnSubscriptionStates({ states }: { states: OwnStates }) {
  const parts: { key: string; label: string; tone: "green" | "amber" | "red" }[] = [];
  if (states.active) parts.push({ key: "active", label: `${states.active} active`, tone: "green" });
  if (states.submitted) parts.push({ key: "submitted", label: `${states.submitted} pending approval`, tone: "amber" });
  if (states.suspended) parts.push({ key: "suspended", label: `${states.suspended} suspended`, tone: "red" });
  if (parts.length === 0) return null;
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600" data-testid="own-subscription-states">
      <span>Your subscriptions:</span>
      {parts.map((part) => (
        <Badge key={part.key} tone={part.tone}>
          {part.label}
        </Badge>
      ))}
      <Link href="/profile" className="font-medium text-indigo-600 hover:text-indigo-500">
        Keys →
      </Link>
    </p>
  );
}
