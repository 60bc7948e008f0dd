import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { ApiTypePicker } from "@/components/apis/api-type-picker";
import { CreateApiForm } from "@/components/apis/create-api-form";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";
import { publicGateway } from "@/server/env";
import { servedProtocols } from "@/server/portal/api-connect-url";

export const metadata: Metadata = { title: "Add API" };

/** + Add API: choose the kind (WebSocket), then fill in the form. */
export default async function NewApiPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalRole(PUBLISHER_ROLES);
  const { type } = await searchParams;
  const breadcrumbs = [{ href: "/admin/apis", label: "APIs" }];

  if (type !== "websocket") {
    return (
      <>
        <PageHeader title="Add API" description="Choose what kind of API to put behind the gateway." breadcrumbs={breadcrumbs} />
        <ApiTypePicker />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Create a WebSocket API"
        description="Clients connect to the gateway; it runs the onHandshake policies, then relays every frame to your backend."
        breadcrumbs={[...breadcrumbs, { href: "/admin/apis/new", label: "Add API" }]}
      />
      <CreateApiForm gatewayBaseUrl={publicGateway().primary} servedSchemes={servedProtocols(publicGateway())} />
    </>
  );
}
