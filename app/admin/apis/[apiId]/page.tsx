import type { Metadata } from "next";
import { ApiDetail } from "@/components/apis/api-detail";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";
import { publicGateway } from "@/server/env";

type Props = { params: Promise<{ apiId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).apiId };
}

export default async function ApiPage({ params }: Props) {
  await requirePortalRole(PUBLISHER_ROLES);
  const { apiId } = await params;
  return <ApiDetail apiId={apiId} gateway={publicGateway()} />;
}
