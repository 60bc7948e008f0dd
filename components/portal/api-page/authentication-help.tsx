import type { ApiRow } from "@/server/apis/to-api-contract";

/** How to send a subscription key (query string in browsers, a header elsewhere), and which own subscriptions still wait for approval. */
export function AuthenticationHelp({ api, pending }: { api: ApiRow; pending: readonly { displayName: string }[] }) {
  if (!api.subscriptionRequired) return <p className="text-sm text-slate-600">This API is open: connect without a key.</p>;
  return (
    <div className="space-y-3 text-sm leading-6 text-slate-600">
      <p>
        Every connection needs a subscription key — the primary or the secondary key of a subscription to a product that contains this API.
        The gateway refuses the handshake with <span className="font-mono">401</span> without one.
      </p>
      <dl className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 p-4">
          <dt className="font-medium text-slate-900">From a browser: query string</dt>
          <dd className="mt-1">
            Browsers cannot set handshake headers, so append{" "}
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px] text-slate-900" data-testid="query-name">
              ?{api.subscriptionKeyQueryName}=&lt;key&gt;
            </code>
            . The gateway removes it before the backend sees the URL.
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 p-4">
          <dt className="font-medium text-slate-900">Everywhere else: a header</dt>
          <dd className="mt-1">
            Send{" "}
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px] text-slate-900" data-testid="header-name">
              {api.subscriptionKeyHeaderName}: &lt;key&gt;
            </code>{" "}
            with the handshake, so the key stays out of URLs and logs.
          </dd>
        </div>
      </dl>
      {pending.length > 0 ? (
        <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900" data-testid="pending-note">
          Your subscription{pending.length === 1 ? "" : "s"} {pending.map((s) => s.displayName).join(", ")}{" "}
          {pending.length === 1 ? "is" : "are"} pending approval: {pending.length === 1 ? "its" : "their"} keys work once an
          administrator approves.
        </p>
      ) : null}
    </div>
  );
}
