import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { UsersList } from "@/components/users/users-list";
import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { user } = await requirePortalRole(ADMINISTRATOR_ROLES);
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in to the portals, and what they may do." />
      <UsersList currentUserEmail={user.email} />
    </>
  );
}
