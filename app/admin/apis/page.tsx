import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { ApisList } from "@/components/apis/apis-list";
import { ButtonLink } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "APIs" };

export default async function ApisPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader
        title="APIs"
        description="WebSocket APIs the gateway serves. Each one relays client connections to a backend after its onHandshake policies."
        actions={
          <ButtonLink href="/admin/apis/new" icon={<PlusIcon className="h-4 w-4" />}>
            Add API
          </ButtonLink>
        }
      />
      <ApisList />
    </>
  );
}
