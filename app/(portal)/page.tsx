import Link from "next/link";
import type { ReactNode } from "react";
import { ApiCard } from "@/components/portal/api-card";
import { apiCardData } from "@/components/portal/api-card-data";
import { OperatorQuickStart } from "@/components/portal/operator-quick-start";
import { ButtonLink } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { ApisIcon } from "@/components/ui/icons";
import { countApis } from "@/server/apis/list-apis";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { getPortalSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { publicGateway } from "@/server/env";
import { listPortalApis } from "@/server/portal/list-portal-apis";
import { listPortalProducts } from "@/server/portal/list-portal-products";
import { portalOrigin } from "@/server/portal/portal-origin";

const FEATURED = 6;

/** The developer portal's home: what this is, featured APIs, how to start; the operators' quick start for publishers. */
export default async function PortalHome() {
  const db = getDb();
  const session = await getPortalSession();
  const gateway = publicGateway();
  const gatewayUrl = gateway.primary;
  const catalog = listPortalApis(db);
  const productCount = listPortalProducts(db).length;
  const publishes = session !== null && PUBLISHER_ROLES.includes(session.user.role);
  const featured = catalog.slice(0, FEATURED).map((entry) => apiCardData(entry, gateway));
  const example = featured.find((api) => api.connectUrl !== null);

  return (
    <>
      <section className="border-b border-slate-200 bg-gradient-to-b from-white via-white to-indigo-50/50">
        <div className="mx-auto grid max-w-6xl items-center gap-10 px-6 py-14 lg:grid-cols-[1.1fr_1fr] lg:py-20">
          <div>
            <p className="text-sm font-semibold tracking-wider text-indigo-600 uppercase">Developer portal</p>
            <h1 className="mt-3 text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
              Portcullis — <span className="text-indigo-600">WebSocket API management</span>
            </h1>
            <p className="mt-5 max-w-xl text-lg leading-8 text-slate-600">
              Find the real-time APIs published here, subscribe to get your keys, and connect from a browser, a terminal or your
              service — with code samples and an AsyncAPI description for every API.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <ButtonLink href="/apis">Browse APIs</ButtonLink>
              {session ? (
                <ButtonLink href="/profile" variant="secondary">
                  Your subscriptions
                </ButtonLink>
              ) : (
                <ButtonLink href="/signup" variant="secondary">
                  Create an account
                </ButtonLink>
              )}
            </div>
            <dl className="mt-10 flex flex-wrap gap-x-10 gap-y-4 text-sm">
              <Stat label="APIs" value={String(catalog.length)} testId="published-api-count" />
              <Stat label="Products" value={String(productCount)} />
              <Stat label="Gateway" value={gatewayUrl} mono testId="hero-gateway-url" />
            </dl>
          </div>
          <div className="min-w-0">
            <CodeBlock
              title={example ? `Connect to ${example.displayName}` : "Connect through the gateway"}
              code={[
                `npx wscat -c "${example?.connectUrl ?? `${gatewayUrl.replace(/\/$/, "")}/<api-path>`}" \\`,
                `  -H "Ocp-Apim-Subscription-Key: <your-key>"`,
                `Connected (press CTRL+C to quit)`,
                `> hello`,
                `< hello`,
              ].join("\n")}
            />
          </div>
        </div>
      </section>

      <div className="mx-auto max-w-6xl space-y-16 px-6 py-14">
        <section aria-labelledby="featured-apis">
          <div className="flex flex-wrap items-end justify-between gap-4">
            <div>
              <h2 id="featured-apis" className="text-2xl font-semibold tracking-tight text-slate-900">
                Featured APIs
              </h2>
              <p className="mt-1 text-sm text-slate-600">WebSocket APIs in the published products.</p>
            </div>
            {catalog.length > 0 ? (
              <Link href="/apis" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
                All {catalog.length} API{catalog.length === 1 ? "" : "s"} →
              </Link>
            ) : null}
          </div>
          <div className="mt-6">
            {featured.length > 0 ? (
              <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Featured APIs">
                {featured.map((api) => (
                  <li key={api.id}>
                    <ApiCard api={api} compact />
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState
                icon={<ApisIcon className="h-6 w-6" />}
                title="No APIs are published yet"
                description="APIs appear here once a publisher adds them to a published product. Check back soon."
              />
            )}
          </div>
        </section>

        <section aria-labelledby="how-to-start">
          <h2 id="how-to-start" className="text-2xl font-semibold tracking-tight text-slate-900">
            Get started in three steps
          </h2>
          <ol className="mt-6 grid gap-4 md:grid-cols-3">
            <StartStep n={1} title="Create an account">
              {session ? (
                <>You are signed in as {session.user.email}.</>
              ) : (
                <>
                  <Link href="/signup" className="font-medium text-indigo-600 hover:text-indigo-500">
                    Sign up
                  </Link>{" "}
                  with your email address. It takes a minute.
                </>
              )}
            </StartStep>
            <StartStep n={2} title="Subscribe to a product">
              Pick a{" "}
              <Link href="/products" className="font-medium text-indigo-600 hover:text-indigo-500">
                product
              </Link>{" "}
              and subscribe. Your primary and secondary keys are on your profile (some products need an approval first).
            </StartStep>
            <StartStep n={3} title="Connect with your key">
              Open an API&apos;s page: its code samples carry your key — in the query string from a browser, in a header from anywhere else.
            </StartStep>
          </ol>
        </section>

        {publishes || catalog.length === 0 ? (
          <OperatorQuickStart portalOrigin={await portalOrigin()} gatewayUrl={gatewayUrl} apiCount={countApis(db)} />
        ) : null}
      </div>
    </>
  );
}

function Stat({ label, value, mono, testId }: { label: string; value: string; mono?: boolean; testId?: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className={mono ? "mt-1 font-mono font-semibold text-slate-900" : "mt-1 text-2xl font-semibold text-slate-900 tabular-nums"} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function StartStep({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <span className="flex h-8 w-8 items-center justify-center rounded-full bg-accent text-sm font-semibold text-on-accent">{n}</span>
      <h3 className="mt-4 font-semibold text-slate-900">{title}</h3>
      <p className="mt-1.5 text-sm leading-6 text-slate-600">{children}</p>
    </li>
  );
}
