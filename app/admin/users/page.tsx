import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { UsersIcon } from "@/components/ui/icons";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Users" };

export default async function Page() {
  await requirePortalRole(["administrator"]);
  return (
    <ComingSoon
      title="Users"
      description="Who can sign in, with which role (administrator, publisher or developer)."
      icon={<UsersIcon className="h-6 w-6" />}
      api="/api/management/users"
    />
  );
}
