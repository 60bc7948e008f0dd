import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { stringify } from "yaml";
import { TestConsole, type TestConsoleKey } from "@/components/console/test-console";
import { ApiPageAside } from "@/components/portal/api-page/api-page-aside";
import { ApiPageHeader } from "@/components/portal/api-page/api-page-header";
import { AuthenticationHelp } from "@/components/portal/api-page/authentication-help";
import { GatewayUrls } from "@/components/portal/api-page/gateway-urls";
import { PortalSection } from "@/components/portal/api-page/portal-section";
import { AsyncApiSummary } from "@/components/portal/asyncapi-summary";
import { CodeSamplesPanel, type SampleKey } from "@/components/portal/code-samples-panel";
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
      <ApiPageHeader api={api} published={products.length > 0} />

      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-8">
          <PortalSection title="Gateway URL" description="Connect here; anything after the path, and the query string, is passed to the backend.">
            <GatewayUrls urls={urls} protocols={api.protocols} />
          </PortalSection>

          <PortalSection title="Authentication" id="authentication">
            <AuthenticationHelp api={api} pending={own.pending} />
          </PortalSection>

          {url !== null ? (
            <>
              <PortalSection title="Code samples" id="code-samples">
                <CodeSamplesPanel
                  url={url}
                  subscriptionRequired={api.subscriptionRequired}
                  headerName={api.subscriptionKeyHeaderName}
                  queryName={api.subscriptionKeyQueryName}
                  keys={sampleKeys}
                  signedIn={session !== null}
                  returnTo={returnTo}
                />
              </PortalSection>

              <PortalSection bare title="Test console" id="console" description="Connect through the gateway from this page, send text or binary messages and watch what comes back.">
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
              </PortalSection>
            </>
          ) : null}

          <PortalSection title="AsyncAPI" id="asyncapi" description="A machine-readable description of this API (AsyncAPI 3.0).">
            <AsyncApiSummary apiId={api.id} document={document} yaml={stringify(document, { aliasDuplicateObjects: false })} />
          </PortalSection>
        </div>

        <ApiPageAside products={products} states={states} signedIn={session !== null} returnTo={returnTo} />
      </div>
    </div>
  );
}
