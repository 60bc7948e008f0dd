"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { useUsers, userLabel } from "@/components/users/user-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CloseConnectionsCheckbox } from "@/components/resources/close-connections-checkbox";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PlusIcon, SubscriptionsIcon } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { SubscriptionContract } from "@/server/subscriptions/subscription.schemas";
import { BUILT_IN_SUBSCRIPTION_ID } from "@/db/built-in-subscription";
import { CreateSubscriptionDialog } from "./create-subscription-dialog";
import { ScopeLabel } from "./scope-label";
import { ScopeSelect } from "./scope-select";
import { subscriptionActions, type SubscriptionAction } from "./subscription-actions";
import { SubscriptionKeysDialog } from "./subscription-keys-dialog";
import { SUBSCRIPTION_STATE_LOOKS, subscriptionKeys, useSubscriptions } from "./subscription-queries";

type Move = { subscription: SubscriptionContract; action: SubscriptionAction; closeConnections?: boolean };

/** The subscriptions, filtered by state and scope; administrators act on them. */
export function SubscriptionsList({ canManage }: { canManage: boolean }) {
  const [filters, setFilters] = useState({ state: "", scope: "" });
  const subscriptions = useSubscriptions(filters);
  const users = useUsers(canManage);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [keysOf, setKeysOf] = useState<SubscriptionContract | null>(null);
  const [pending, setPending] = useState<Move | null>(null);
  const [closeNow, setCloseNow] = useState(false);
  const filtered = filters.state !== "" || filters.scope !== "";

  const move = useMutation({
    mutationFn: ({ subscription, action, closeConnections }: Move) =>
      managementFetch(`/subscriptions/${encodeURIComponent(subscription.name)}${closeConnections ? "?closeConnections=true" : ""}`, {
        method: "PATCH",
        body: { properties: { state: action.to } },
      }),
    onSuccess: async (_saved, { subscription, action }) => {
      await queryClient.invalidateQueries({ queryKey: subscriptionKeys.all });
      toast.show({ title: `Subscription ${action.verb}`, description: subscription.properties.displayName });
    },
  });
  const busy = move.isPending && move.variables ? `${move.variables.subscription.name}:${move.variables.action.to}` : null;
  const act = (subscription: SubscriptionContract, action: SubscriptionAction) => {
    if (action.confirm) {
      setPending({ subscription, action });
      setCloseNow(false);
      return;
    }
    move.mutate(
      { subscription, action },
      { onError: (error) => toast.show({ tone: "error", title: `Could not ${action.label.toLowerCase()} the subscription`, description: error.message }) },
    );
  };
  const ownerLabel = (ownerId: string | null) => {
    if (!ownerId) return <span className="text-slate-400">No owner</span>;
    const id = ownerId.replace(/^\/users\//, "");
    const user = users.data?.find((u) => u.name === id);
    return user ? (
      <>
        <span className="text-slate-800">{userLabel(user)}</span>
        <p className="text-xs text-slate-500">{user.properties.email}</p>
      </>
    ) : (
      <span className="font-mono text-xs">{id}</span>
    );
  };

  const toolbar = (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="flex flex-wrap gap-3">
        <div className="w-44">
          <label htmlFor="sub-state" className="mb-1 block text-xs font-medium text-slate-600">
            State
          </label>
          <Select id="sub-state" value={filters.state} onChange={(e) => setFilters((f) => ({ ...f, state: e.target.value }))}>
            <option value="">Any state</option>
            {Object.entries(SUBSCRIPTION_STATE_LOOKS).map(([value, look]) => (
              <option key={value} value={value}>
                {look.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-64">
          <label htmlFor="sub-scope" className="mb-1 block text-xs font-medium text-slate-600">
            Scope
          </label>
          <ScopeSelect id="sub-scope" value={filters.scope} onChange={(scope) => setFilters((f) => ({ ...f, scope }))} emptyLabel={() => "Any scope"} />
        </div>
      </div>
      {canManage ? (
        <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setCreating(true)}>
          Add subscription
        </Button>
      ) : null}
    </div>
  );

  let body;
  if (subscriptions.isPending) body = <ListSkeleton label="Loading subscriptions" />;
  else if (subscriptions.isError) body = <ErrorNotice>The subscriptions could not be loaded: {subscriptions.error.message}</ErrorNotice>;
  else if (subscriptions.data.length === 0)
    body = filtered ? (
      <EmptyState
        icon={<SubscriptionsIcon className="h-6 w-6" />}
        title="No subscriptions match these filters"
        action={
          <Button variant="secondary" onClick={() => setFilters({ state: "", scope: "" })}>
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={<SubscriptionsIcon className="h-6 w-6" />}
        title="No subscriptions yet"
        description="Developers subscribe to published products from the developer portal; administrators can also add subscriptions here."
      />
    );
  else
    body = (
      <Table aria-label="Subscriptions">
        <THead>
          <TR>
            <TH>Subscription</TH>
            <TH>Scope</TH>
            <TH className="hidden lg:table-cell">Owner</TH>
            <TH>State</TH>
            <TH className="hidden whitespace-nowrap md:table-cell">Created</TH>
            {canManage ? <TH className="text-right">Actions</TH> : null}
          </TR>
        </THead>
        <TBody>
          {subscriptions.data.map((s) => {
            const look = SUBSCRIPTION_STATE_LOOKS[s.properties.state];
            return (
              <TR key={s.name} data-testid={`subscription-${s.name}`}>
                <TD>
                  <span className="font-medium text-slate-900">{s.properties.displayName}</span>
                  {s.name === BUILT_IN_SUBSCRIPTION_ID ? (
                    <Badge tone="neutral" className="ml-2">
                      Built-in
                    </Badge>
                  ) : null}
                  <p className="font-mono text-xs text-slate-500">{s.name}</p>
                </TD>
                <TD>
                  <ScopeLabel scope={s.properties.scope} />
                </TD>
                <TD className="hidden lg:table-cell">{ownerLabel(s.properties.ownerId)}</TD>
                <TD>
                  <Badge tone={look.tone}>{look.label}</Badge>
                </TD>
                <TD className="hidden whitespace-nowrap text-slate-500 md:table-cell">
                  <RelativeTime iso={s.properties.createdDate} />
                </TD>
                {canManage ? (
                  <TD className="text-right whitespace-nowrap">
                    <div className="inline-flex items-center gap-1.5">
                      {subscriptionActions(s.name, s.properties.state).map((t) => (
                        <Button
                          key={t.label}
                          size="sm"
                          variant={t.primary ? "secondary" : "ghost"}
                          onClick={() => act(s, t)}
                          loading={busy === `${s.name}:${t.to}`}
                          aria-label={`${t.label} ${s.properties.displayName}`}
                        >
                          {t.label}
                        </Button>
                      ))}
                      <Button size="sm" variant="ghost" onClick={() => setKeysOf(s)} aria-label={`Keys of ${s.properties.displayName}`}>
                        Keys
                      </Button>
                    </div>
                  </TD>
                ) : null}
              </TR>
            );
          })}
        </TBody>
      </Table>
    );

  return (
    <div className="space-y-4">
      {toolbar}
      {body}
      {canManage ? (
        <>
          <CreateSubscriptionDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(s) => {
              setCreating(false);
              setKeysOf(s);
            }}
          />
          <SubscriptionKeysDialog subscription={keysOf} onClose={() => setKeysOf(null)} />
          <ConfirmDialog
            open={pending !== null}
            onClose={() => setPending(null)}
            title={`${pending?.action.label} ${pending?.subscription.properties.displayName ?? ""}?`}
            description={pending?.action.confirm ?? ""}
            confirmLabel={`${pending?.action.label ?? ""} subscription`}
            tone={pending?.action.tone ?? "danger"}
            onConfirm={async () => {
              if (!pending) return;
              await move.mutateAsync({ ...pending, closeConnections: pending.action.closesConnections === true && closeNow });
              setPending(null);
            }}
          >
            {pending?.action.closesConnections ? (
              <CloseConnectionsCheckbox reason={`Subscription ${pending.action.to}`} checked={closeNow} onChange={setCloseNow} />
            ) : null}
          </ConfirmDialog>
        </>
      ) : null}
    </div>
  );
}
