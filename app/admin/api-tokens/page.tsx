import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { ApiTokensList } from "@/components/api-tokens/api-tokens-list";
import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  await requirePortalRole(ADMINISTRATOR_ROLES);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Bearer tokens for the management API and the CLI (<code className="font-mono text-[13px]">PORTCULLIS_TOKEN</code>). Only a prefix is kept to recognise each one.
          </>
        }
      />
      <ApiTokensList />
    </>
  );
}
