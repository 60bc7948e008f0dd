import type { Metadata } from "next";
import { ListPage } from "@/components/admin/list-page";
import { ApisList } from "@/components/apis/apis-list";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "APIs" };

export default async function ApisPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <ListPage
      title="APIs"
      description="WebSocket APIs the gateway serves. Each one relays client connections to a backend after its onHandshake policies."
      addHref="/admin/apis/new"
      addLabel="Add API"
    >
      <ApisList />
    </ListPage>
  );
}
