"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorNotice } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { SubscriptionContract, SubscriptionSecrets } from "@/server/subscriptions/subscription.schemas";

const MASK = "••••••••••••••••••••••••••••••••";

/** The subscription's two keys: hidden until "Show", copyable, each regenerable after a confirmation. */
export function SubscriptionKeysDialog({ subscription, onClose }: { subscription: SubscriptionContract | null; onClose: () => void }) {
  const secrets = useMutation({
    mutationFn: (id: string) => managementFetch<SubscriptionSecrets>(`/subscriptions/${encodeURIComponent(id)}/listSecrets`, { method: "POST" }),
  });
  const keys = secrets.data ?? null;
  const loading = secrets.isPending;
  const error = secrets.error ? secrets.error.message : null;
  const [regenerating, setRegenerating] = useState<"Primary" | "Secondary" | null>(null);
  const toast = useToast();
  const sid = subscription ? encodeURIComponent(subscription.name) : "";

  // Read on demand, never cached: each read of the keys is audited.
  const reveal = () => {
    if (subscription) secrets.mutate(subscription.name);
  };
  const close = () => {
    secrets.reset();
    onClose();
  };

  const row = (which: "Primary" | "Secondary", value: string | undefined) => (
    <div className="rounded-lg border border-slate-200 bg-slate-50 p-3">
      <div className="mb-2 flex items-center justify-between gap-3">
        <span className="text-sm font-medium text-slate-800">{which} key</span>
        <div className="flex items-center gap-2">
          {value ? <CopyButton text={value} tone="light" ariaLabel={`Copy ${which.toLowerCase()} key`} /> : null}
          <Button variant="ghost" size="sm" onClick={() => setRegenerating(which)}>
            Regenerate
          </Button>
        </div>
      </div>
      <code className="block truncate font-mono text-[13px] text-slate-900" data-testid={`${which.toLowerCase()}-key`}>
        {value ?? MASK}
      </code>
    </div>
  );

  return (
    <>
      <Dialog
        open={subscription !== null && regenerating === null}
        onClose={close}
        title={`Keys of ${subscription?.properties.displayName ?? ""}`}
        description="Clients send either key in the Ocp-Apim-Subscription-Key header or the subscription-key query parameter. Treat them like passwords."
        footer={
          <>
            {!keys ? (
              <Button variant="secondary" onClick={reveal} loading={loading}>
                Show keys
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => secrets.reset()}>
                Hide keys
              </Button>
            )}
            <Button onClick={close}>Done</Button>
          </>
        }
      >
        <div className="space-y-3">
          {error ? <ErrorNotice>{error}</ErrorNotice> : null}
          {row("Primary", keys?.primaryKey)}
          {row("Secondary", keys?.secondaryKey)}
        </div>
      </Dialog>
      <ConfirmDialog
        open={regenerating !== null}
        onClose={() => setRegenerating(null)}
        title={`Regenerate the ${regenerating?.toLowerCase()} key?`}
        description="The current key stops working at once; clients still using it are refused. The other key keeps working, so rotate one key at a time."
        confirmLabel="Regenerate key"
        onConfirm={async () => {
          await managementFetch(`/subscriptions/${sid}/regenerate${regenerating}Key`, { method: "POST" });
          toast.show({ title: `${regenerating} key regenerated`, description: "Hand the new key to the subscriber." });
          setRegenerating(null);
          if (keys) reveal();
        }}
      />
    </>
  );
}
