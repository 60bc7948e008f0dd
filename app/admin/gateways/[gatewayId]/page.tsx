import type { Metadata } from "next";
import { GatewayDetail } from "@/components/gateways/gateway-detail";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

type Props = { params: Promise<{ gatewayId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).gatewayId };
}

export default async function GatewayPage({ params }: Props) {
  const { user } = await requirePortalRole(PUBLISHER_ROLES);
  const { gatewayId } = await params;
  return <GatewayDetail gatewayId={gatewayId} canManage={user.role === "administrator"} />;
}
