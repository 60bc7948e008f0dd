import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { GlobalPolicyEditor } from "@/components/policies/global-policy-editor";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Policies" };

/** The global ("All APIs") policy document. */
export default async function PoliciesPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader
        title="Policies"
        description="The All APIs policy runs at every handshake on every API, before product and API policies; those documents run it where they write <base />."
      />
      <GlobalPolicyEditor />
    </>
  );
}
