"use client";

import { Checkbox } from "@/components/ui/checkbox";

/**
 * "Close its open connections now" in a confirmation that ends access (deleting an API, a
 * product or a user; suspending, cancelling or deleting a subscription): unticked at first;
 * ticked, the change goes with `closeConnections=true` and each connection gets 1008 `reason`.
 */
export function CloseConnectionsCheckbox({ reason, checked, onChange }: { reason: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Checkbox
      label="Close its open connections now"
      description={`Each gets close code 1008 “${reason}”. Left unticked, connections already open stay open until they close.`}
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}
