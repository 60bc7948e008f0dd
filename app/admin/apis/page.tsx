import type { Metadata } from "next";
import { ListPage } from "@/components/admin/list-page";
import { API_CATALOG } from "@/components/apis/api-catalog";
import { ApisList } from "@/components/apis/apis-list";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: API_CATALOG.title };

export default async function ApisPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <ListPage catalog={API_CATALOG}>
      <ApisList />
    </ListPage>
  );
}
