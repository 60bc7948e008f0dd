import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { stringify } from "yaml";
import { PageHeader } from "@/components/admin/page-header";
import { TestConsole, type TestConsoleKey } from "@/components/console/test-console";
import { AsyncApiSummary } from "@/components/portal/asyncapi-summary";
import { CodeSamplesPanel, type SampleKey } from "@/components/portal/code-samples-panel";
import { OwnSubscriptionStates } from "@/components/portal/own-subscription-states";
import { ProductTerms } from "@/components/portal/product-terms";
import { SubscribeButton } from "@/components/portal/subscribe-button";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { LockIcon } from "@/components/ui/icons";
import { apiIdSchema } from "@/server/apis/api.schemas";
import { generateAsyncApi } from "@/server/asyncapi/generate-asyncapi";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { getPortalSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { publicGateway } from "@/server/env";
import { NotFoundError } from "@/server/http/errors";
import { apiConnectUrls } from "@/server/portal/api-connect-url";
import { getPortalApiOrThrow } from "@/server/portal/get-portal-api-or-throw";
import { listOwnKeysForApi } from "@/server/portal/list-own-keys-for-api";
import { ownStatesByProduct } from "@/server/portal/own-states-by-product";
import type { PortalApi } from "@/server/portal/portal-api";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";

type Props = { params: Promise<{ apiId: string }> };

/** The API as this visitor may see it, or null (unknown, or in no published product). */
async function findApi(apiId: string, includeUnpublished: boolean): Promise<PortalApi | null> {
  const id = apiIdSchema.safeParse(apiId);
  if (!id.success) return null;
  try {
    return getPortalApiOrThrow(getDb(), id.data, { includeUnpublished });
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const session = await getPortalSession();
  const found = await findApi((await params).apiId, session !== null && PUBLISHER_ROLES.includes(session.user.role));
  return { title: found?.api.displayName ?? "API not found" };
}

/** One API: where to connect, how to authenticate, code samples with the developer's key, AsyncAPI, products, the test console. */
export default async function ApiPage({ params }: Props) {
  const { apiId } = await params;
  const session = await getPortalSession();
  const found = await findApi(apiId, session !== null && PUBLISHER_ROLES.includes(session.user.role));
  if (!found) notFound();
  const { api, products } = found;
  const db = getDb();
  const gateway = publicGateway();
  const urls = apiConnectUrls(gateway, api.path, api.protocols);
  const url = urls[0]?.url ?? null;
  const returnTo = `/apis/${api.id}`;

  const own = session ? listOwnKeysForApi(db, getKeySecrets(), session.principal, api.id) : { keys: [], pending: [] };
  const sampleKeys: SampleKey[] = own.keys.flatMap((k) => [
    { label: `${k.label} — primary key`, key: k.primaryKey },
    { label: `${k.label} — secondary key`, key: k.secondaryKey },
  ]);
  const consoleKeys: TestConsoleKey[] = sampleKeys.map((k) => ({ ...k, queryName: api.subscriptionKeyQueryName, headerName: api.subscriptionKeyHeaderName }));
  const states = ownStatesByProduct(db, session?.user.id ?? null);
  const document = generateAsyncApi(api, gateway);

  return (
    <div className="mx-auto max-w-6xl px-6 py-10">
      <PageHeader
        title={api.displayName}
        breadcrumbs={[{ href: "/apis", label: "APIs" }]}
        description={api.description || undefined}
        badges={
          <>
            <Badge tone="indigo">WebSocket</Badge>
            {api.subscriptionRequired ? (
              <Badge>
                <LockIcon className="h-3 w-3" />
                Key required
              </Badge>
            ) : (
              <Badge tone="green">Open</Badge>
            )}
            {products.length === 0 ? <Badge tone="amber">Not in a published product</Badge> : null}
          </>
        }
      />

      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-8">
          <Section title="Gateway URL" description="Connect here; anything after the path, and the query string, is passed to the backend.">
            {url === null ? (
              <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="no-gateway-url">
                This API accepts only {api.protocols.map((p) => `${p}://`).join(" and ")}, which no gateway here serves, so it cannot be reached yet.
                Ask its publisher to change its URL scheme.
              </p>
            ) : null}
            <ul className="space-y-2">
              {urls.map((u) => (
                <li key={u.protocol} className="flex items-center gap-3 rounded-lg border border-slate-200 bg-slate-50 px-4 py-2.5">
                  <Badge tone={u.protocol === "wss" ? "green" : "neutral"}>{u.protocol === "wss" ? "wss · TLS" : "ws"}</Badge>
                  <code className="min-w-0 flex-1 truncate font-mono text-sm text-slate-900" data-testid={`gateway-url-${u.protocol}`}>
                    {u.url}
                  </code>
                  <CopyButton text={u.url} tone="light" ariaLabel={`Copy the ${u.protocol} URL`} />
                </li>
              ))}
            </ul>
          </Section>

          <Section title="Authentication" id="authentication">
            {api.subscriptionRequired ? (
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
                {own.pending.length > 0 ? (
                  <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900" data-testid="pending-note">
                    Your subscription{own.pending.length === 1 ? "" : "s"} {own.pending.map((s) => s.displayName).join(", ")}{" "}
                    {own.pending.length === 1 ? "is" : "are"} pending approval: {own.pending.length === 1 ? "its" : "their"} keys work once an
                    administrator approves.
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-slate-600">This API is open: connect without a key.</p>
            )}
          </Section>

          {url !== null ? (
            <>
              <Section title="Code samples" id="code-samples">
                <CodeSamplesPanel
                  url={url}
                  subscriptionRequired={api.subscriptionRequired}
                  headerName={api.subscriptionKeyHeaderName}
                  queryName={api.subscriptionKeyQueryName}
                  keys={sampleKeys}
                  signedIn={session !== null}
                  returnTo={returnTo}
                />
              </Section>

              <Section bare title="Test console" id="console" description="Connect through the gateway from this page, send text or binary messages and watch what comes back.">
                <TestConsole
                  gatewayUrl={url.slice(0, url.length - api.path.length - 1)}
                  apiPath={api.path}
                  keys={consoleKeys}
                  visitor={{
                    signedIn: session !== null,
                    keyRequired: api.subscriptionRequired,
                    signInHref: `/signin?callbackUrl=${encodeURIComponent(`${returnTo}#console`)}`,
                    subscribeHref: products.some((p) => p.subscriptionRequired) ? "#products" : null,
                    pendingApproval: own.pending.length > 0,
                  }}
                />
              </Section>
            </>
          ) : null}

          <Section title="AsyncAPI" id="asyncapi" description="A machine-readable description of this API (AsyncAPI 3.0).">
            <AsyncApiSummary apiId={api.id} document={document} yaml={stringify(document, { aliasDuplicateObjects: false })} />
          </Section>
        </div>

        <aside className="space-y-4 lg:sticky lg:top-24 lg:self-start" aria-label="Products and sections">
          <h2 id="products" className="scroll-mt-24 text-sm font-semibold tracking-wide text-slate-500 uppercase">Products with this API</h2>
          {products.length === 0 ? (
            <p className="text-sm text-slate-500">This API is in no published product yet, so nobody can subscribe to it here.</p>
          ) : (
            <ul className="space-y-3">
              {products.map((product) => (
                <li key={product.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid={`api-product-${product.id}`}>
                  <h3 className="font-semibold text-slate-900">{product.displayName}</h3>
                  {product.description ? <p className="mt-1 line-clamp-3 text-sm text-slate-600">{product.description}</p> : null}
                  <div className="mt-3">
                    <ProductTerms product={product} />
                  </div>
                  <div className="mt-3 space-y-3">
                    <OwnSubscriptionStates states={states.get(product.id) ?? {}} />
                    {product.subscriptionRequired ? <SubscribeButton product={product} signedIn={session !== null} returnTo={returnTo} /> : null}
                  </div>
                </li>
              ))}
            </ul>
          )}
          <nav aria-label="On this page" className="hidden border-t border-slate-200 pt-4 lg:block">
            <h2 className="text-sm font-semibold tracking-wide text-slate-500 uppercase">On this page</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {[
                ["#authentication", "Authentication"],
                ["#code-samples", "Code samples"],
                ["#console", "Test console"],
                ["#asyncapi", "AsyncAPI"],
              ].map(([href, label]) => (
                <li key={href}>
                  <a href={href} className="text-slate-600 hover:text-indigo-600">
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
      </div>
    </div>
  );
}

/** A titled part of the page: a card, or (`bare`) a heading above content that brings its own cards (the console). */
function Section({ title, description, id, bare, children }: { title: string; description?: string; id?: string; bare?: boolean; children: ReactNode }) {
  const heading = (
    <>
      <h2 id={id ? `${id}-title` : undefined} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <p className="mt-0.5 text-sm text-slate-500">{description}</p> : null}
    </>
  );
  if (bare) {
    return (
      <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className="scroll-mt-24">
        <header className="mb-4 px-1">{heading}</header>
        {children}
      </section>
    );
  }
  return (
    <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className="scroll-mt-24 rounded-xl border border-slate-200 bg-white shadow-xs">
      <header className="border-b border-slate-100 px-5 py-4">{heading}</header>
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
