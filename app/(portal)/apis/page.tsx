import type { Metadata } from "next";
import { ApiCard } from "@/components/portal/api-card";
import { apiCardData } from "@/components/portal/api-card-data";
import { PageHeader } from "@/components/admin/page-header";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ApisIcon, SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { getDb } from "@/server/db";
import { publicGateway } from "@/server/env";
import { listPortalApis } from "@/server/portal/list-portal-apis";

export const metadata: Metadata = { title: "APIs" };

/** The API catalog: every API in a published product, searchable by name, description and path. */
export default async function ApiCatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const search = (typeof params.search === "string" ? params.search : "").trim().slice(0, 200);
  const db = getDb();
  const gateway = publicGateway();
  const all = listPortalApis(db);
  const found = search ? listPortalApis(db, { search }) : all;

  return (
    <div className="mx-auto max-w-6xl px-6 py-10">
      <PageHeader
        title="APIs"
        description="WebSocket APIs you can subscribe to. Open one for its URL, how to authenticate, code samples and its AsyncAPI description."
      />
      <form role="search" action="/apis" method="get" className="mb-6 flex max-w-xl gap-3">
        <div className="relative flex-1">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
          <Input
            type="search"
            name="search"
            defaultValue={search}
            placeholder="Search by name, description or path"
            aria-label="Search APIs"
            className="pl-9"
          />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {search ? (
        <p className="mb-4 text-sm text-slate-600" aria-live="polite">
          {found.length} of {all.length} API{all.length === 1 ? "" : "s"} match <span className="font-medium text-slate-900">“{search}”</span>.
        </p>
      ) : null}
      {found.length > 0 ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="APIs">
          {found.map((entry) => (
            <li key={entry.api.id}>
              <ApiCard api={apiCardData(entry, gateway)} />
            </li>
          ))}
        </ul>
      ) : search ? (
        <EmptyState
          icon={<SearchIcon className="h-6 w-6" />}
          title="No API matches your search"
          description="Try another word, or clear the search to see every API."
          action={
            <ButtonLink href="/apis" variant="secondary">
              Clear search
            </ButtonLink>
          }
        />
      ) : (
        <EmptyState
          icon={<ApisIcon className="h-6 w-6" />}
          title="No APIs are published yet"
          description="APIs appear here once a publisher adds them to a published product."
        />
      )}
    </div>
  );
}
