"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { CloseConnectionsCheckbox } from "@/components/resources/close-connections-checkbox";
import { SUBSCRIPTION_STATE_LOOKS } from "@/components/subscriptions/subscription-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ErrorNotice } from "@/components/ui/resource-states";
import { formatDateTime } from "@/components/ui/relative-time";
import { useToast } from "@/components/ui/toast";
import type { OwnSubscription } from "@/server/portal/list-own-subscriptions";
import type { SubscriptionSecrets } from "@/server/subscriptions/subscription.schemas";

const MASK = "••••••••••••••••••••••••••••••••";
type Which = "primary" | "secondary";
const LABEL: Record<Which, string> = { primary: "Primary", secondary: "Secondary" };

/** Writes text to the clipboard (the selection fallback covers plain-http origins). */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

/**
 * One of the developer's subscriptions: state, scope, and for a live one its two keys (hidden
 * until shown, copyable without showing, each regenerable after a confirmation) and Cancel.
 */
export function SubscriptionCard({ entry }: { entry: OwnSubscription }) {
  const { subscription, scope } = entry;
  const sid = encodeURIComponent(subscription.name);
  const state = subscription.properties.state;
  const look = state === "submitted" ? { label: "Pending approval", tone: "amber" as const } : SUBSCRIPTION_STATE_LOOKS[state];
  const hasKeys = state === "active" || state === "suspended";
  const ended = state === "cancelled" || state === "rejected" || state === "expired";

  const [keys, setKeys] = useState<SubscriptionSecrets | null>(null);
  const [visible, setVisible] = useState(false);
  const [copied, setCopied] = useState<Which | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [regenerating, setRegenerating] = useState<Which | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [closeNow, setCloseNow] = useState(false);
  const router = useRouter();
  const toast = useToast();

  const secrets = useMutation({
    mutationFn: () => managementFetch<SubscriptionSecrets>(`/subscriptions/${sid}/listSecrets`, { method: "POST" }),
    onMutate: () => setError(null),
    onSuccess: setKeys,
    onError: (caught) => setError(caught.message),
  });
  const loading = secrets.isPending;
  /** The keys, read on demand (each read is audited); null when the read failed (the error shows). */
  const load = (): Promise<SubscriptionSecrets | null> => secrets.mutateAsync().catch(() => null);
  const toggle = async () => {
    if (visible) return setVisible(false);
    if (keys || (await load())) setVisible(true);
  };
  const copy = async (which: Which) => {
    const loaded = keys ?? (await load());
    if (!loaded) return;
    try {
      await copyText(which === "primary" ? loaded.primaryKey : loaded.secondaryKey);
      setCopied(which);
      setTimeout(() => setCopied((current) => (current === which ? null : current)), 1500);
    } catch {
      setVisible(true);
      setError("Your browser refused the clipboard: the keys are shown, select and copy one.");
    }
  };

  const keyRow = (which: Which) => {
    const value = which === "primary" ? keys?.primaryKey : keys?.secondaryKey;
    return (
      <div className="flex flex-wrap items-center gap-3 py-2.5">
        <span className="w-28 shrink-0 text-sm font-medium whitespace-nowrap text-slate-700">{LABEL[which]} key</span>
        <code
          className={cn("min-w-0 flex-1 truncate rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-[13px] ring-1 ring-slate-200", visible ? "text-slate-900" : "text-slate-400")}
          data-testid={`${subscription.name}-${which}-key`}
        >
          {visible && value ? value : MASK}
        </code>
        <div className="flex shrink-0 items-center gap-1">
          <Button variant="secondary" size="sm" onClick={() => copy(which)} aria-label={`Copy the ${which} key of ${subscription.properties.displayName}`}>
            <span aria-live="polite">{copied === which ? "Copied" : "Copy"}</span>
          </Button>
          {state === "active" ? (
            <Button variant="ghost" size="sm" onClick={() => setRegenerating(which)} aria-label={`Regenerate the ${which} key of ${subscription.properties.displayName}`}>
              Regenerate
            </Button>
          ) : null}
        </div>
      </div>
    );
  };

  return (
    <li
      className={cn("rounded-xl border border-slate-200 bg-white shadow-xs", ended && "bg-slate-50/60")}
      data-testid={`subscription-${subscription.name}`}
      aria-label={subscription.properties.displayName}
    >
      <div className="flex flex-wrap items-start justify-between gap-4 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2.5">
            <h3 className={cn("text-base font-semibold", ended ? "text-slate-500" : "text-slate-900")}>{subscription.properties.displayName}</h3>
            <Badge tone={look.tone}>{look.label}</Badge>
          </div>
          <p className="mt-1 text-sm text-slate-500">
            <span className="text-xs font-semibold tracking-wide text-slate-400 uppercase">{scope.kind === "product" ? "Product" : scope.kind === "api" ? "API" : "Scope"}</span>{" "}
            {scope.href ? (
              <Link href={scope.href} className="font-medium text-slate-700 hover:text-indigo-600">
                {scope.label}
              </Link>
            ) : (
              <span className="font-medium text-slate-700">{scope.label}</span>
            )}
            <span className="mx-2 text-slate-300">·</span>
            <span suppressHydrationWarning>Created {formatDateTime(subscription.properties.createdDate)}</span>
          </p>
        </div>
        <div className="flex items-center gap-2">
          {hasKeys ? (
            <Button variant="secondary" size="sm" onClick={toggle} loading={loading && !visible}>
              {visible ? "Hide keys" : "Show keys"}
            </Button>
          ) : null}
          {!ended ? (
            <Button
              variant="danger-outline"
              size="sm"
              onClick={() => {
                // Each confirmation starts unticked.
                setCloseNow(false);
                setCancelling(true);
              }}
              aria-label={`Cancel ${subscription.properties.displayName}`}
            >
              {state === "submitted" ? "Withdraw" : "Cancel"}
            </Button>
          ) : null}
        </div>
      </div>
      {state === "submitted" ? (
        <p className="mx-5 mb-4 rounded-lg bg-amber-50 px-4 py-2.5 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
          Waiting for an administrator to approve it. Its keys work once it is approved.
        </p>
      ) : null}
      {state === "suspended" ? (
        <p className="mx-5 mb-2 rounded-lg bg-red-50 px-4 py-2.5 text-sm text-red-800 ring-1 ring-red-200 ring-inset">
          Suspended by an administrator: the gateway refuses its keys until it is reactivated.
        </p>
      ) : null}
      {subscription.properties.stateComment ? <p className="mx-5 mb-3 text-sm text-slate-600">Note from the administrator: {subscription.properties.stateComment}</p> : null}
      {hasKeys ? (
        <div className="border-t border-slate-100 px-5 py-1.5">
          {error ? (
            <div className="py-2">
              <ErrorNotice>{error}</ErrorNotice>
            </div>
          ) : null}
          <div className="divide-y divide-slate-100">
            {keyRow("primary")}
            {keyRow("secondary")}
          </div>
        </div>
      ) : null}

      <ConfirmDialog
        open={regenerating !== null}
        onClose={() => setRegenerating(null)}
        title={`Regenerate the ${regenerating ?? ""} key?`}
        description="The current key stops working at once: clients still using it are refused. The other key keeps working, so rotate one key at a time."
        confirmLabel="Regenerate key"
        onConfirm={async () => {
          const which = regenerating!;
          await managementFetch(`/subscriptions/${sid}/regenerate${LABEL[which]}Key`, { method: "POST" });
          setRegenerating(null);
          toast.show({ title: `${LABEL[which]} key regenerated`, description: "Update the clients that used the old one." });
          await load();
          router.refresh();
        }}
      />
      <ConfirmDialog
        open={cancelling}
        onClose={() => setCancelling(false)}
        title={`${state === "submitted" ? "Withdraw" : "Cancel"} ${subscription.properties.displayName}?`}
        description="Its keys stop working at once and it cannot be reactivated: you would subscribe again for new keys."
        confirmLabel={state === "submitted" ? "Withdraw request" : "Cancel subscription"}
        onConfirm={async () => {
          await managementFetch(`/subscriptions/${sid}${closeNow ? "?closeConnections=true" : ""}`, { method: "PATCH", body: { properties: { state: "cancelled" } } });
          setCancelling(false);
          setKeys(null);
          setVisible(false);
          toast.show({ title: "Subscription cancelled", description: subscription.properties.displayName });
          router.refresh();
        }}
      >
        {/* A request still waiting for approval has no keys, so no connections to close. */}
        {hasKeys ? <CloseConnectionsCheckbox reason="Subscription cancelled" checked={closeNow} onChange={setCloseNow} /> : null}
      </ConfirmDialog>
    </li>
  );
}
