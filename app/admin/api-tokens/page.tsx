import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { TokensIcon } from "@/components/ui/icons";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "API tokens" };

export default async function Page() {
  await requirePortalRole(["administrator"]);
  return (
    <ComingSoon
      title="API tokens"
      description="Bearer tokens for automation, the CLI and remote gateways."
      icon={<TokensIcon className="h-6 w-6" />}
      api="/api/management/apiTokens"
    />
  );
}
