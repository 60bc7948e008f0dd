"use client";

import { useQuery } from "@tanstack/react-query";
import { ManagementRequestError, managementFetch } from "@/components/admin/management-fetch";
import { Spinner } from "@/components/ui/spinner";
import type { ApiContract } from "@/server/apis/api.schemas";
import type { SubscriptionSecrets } from "@/server/subscriptions/subscription.schemas";
import { BUILT_IN_SUBSCRIPTION_ID } from "@/db/built-in-subscription";
import { TestConsole, type TestConsoleKey } from "./test-console";

/**
 * The admin portal's Test tab of an API's onHandshake operation: the console with the built-in
 * all-access subscription's keys. Only administrators may read them; a publisher is told so
 * (and can still test an API that needs no subscription).
 */
export function AdminTestConsole({ api, gatewayBaseUrl }: { api: ApiContract; gatewayBaseUrl: string }) {
  const secrets = useQuery({
    // Not under ["subscriptions"]: invalidating the subscription lists must not read the secrets again (each read is audited).
    queryKey: ["test-console", "built-in-keys"],
    queryFn: () => managementFetch<SubscriptionSecrets>(`/subscriptions/${BUILT_IN_SUBSCRIPTION_ID}/listSecrets`, { method: "POST" }),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const { header, query } = api.properties.subscriptionKeyParameterNames;

  const intro = (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
      <span className="rounded-md bg-emerald-50 px-2 py-0.5 font-mono text-xs font-semibold text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">GET</span>
      <span className="font-mono font-medium text-slate-900">onHandshake</span>
      <span className="text-slate-400">·</span>
      connect through the gateway, send messages and watch what comes back
    </p>
  );

  if (secrets.isPending) {
    return (
      <div className="space-y-4">
        {intro}
        <div className="flex items-center gap-2 text-sm text-slate-500" aria-busy="true">
          <Spinner className="h-4 w-4" /> Loading the built-in subscription&apos;s keys…
        </div>
      </div>
    );
  }

  if (secrets.isError) {
    const forbidden = secrets.error instanceof ManagementRequestError && secrets.error.status === 403;
    return (
      <div className="space-y-4">
        {intro}
        <div role="note" className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-600/20 ring-inset" data-testid="console-keys-notice">
          {forbidden ? (
            <>
              <p className="font-semibold">Testing needs an administrator or a subscription.</p>
              <p className="mt-1 text-amber-900/80">
                The admin console connects with the built-in all-access subscription, whose keys only administrators can read. Ask an administrator,
                or test with the key of a subscription of your own in the developer portal.
                {api.properties.subscriptionRequired ? null : " This API needs no key, so you can still connect without one below."}
              </p>
            </>
          ) : (
            <p>The built-in subscription&apos;s keys could not be loaded: {secrets.error.message}</p>
          )}
        </div>
        {!api.properties.subscriptionRequired ? <TestConsole gatewayUrl={gatewayBaseUrl} apiPath={api.properties.path} keys={[]} /> : null}
      </div>
    );
  }

  const keys: TestConsoleKey[] = [
    { label: "Primary key · built-in all-access", key: secrets.data.primaryKey, queryName: query, headerName: header },
    { label: "Secondary key · built-in all-access", key: secrets.data.secondaryKey, queryName: query, headerName: header },
  ];
  return (
    <div className="space-y-4">
      {intro}
      <TestConsole gatewayUrl={gatewayBaseUrl} apiPath={api.properties.path} keys={keys} />
    </div>
  );
}
