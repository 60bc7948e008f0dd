import type { Metadata } from "next";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/admin/query-provider";
import { PortalFooter } from "@/components/portal/portal-footer";
import { PortalHeader } from "@/components/portal/portal-header";
import { ToastProvider } from "@/components/ui/toast";
import { getPortalSession } from "@/server/auth/session";
import { publicGatewayUrl } from "@/server/env";

export const metadata: Metadata = {
  title: { default: "Portcullis — WebSocket API management", template: "%s — Developer portal" },
};

// Who is signed in, and what is published, are read per request.
export const dynamic = "force-dynamic";

/** The developer portal's shell: header (navigation, sign in or the user's menu) and footer. Open to everyone. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await getPortalSession();
  return (
    <QueryProvider>
      <ToastProvider>
        <div className="flex min-h-screen flex-col">
          <a
            href="#main"
            className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
          >
            Skip to content
          </a>
          <PortalHeader user={session?.user ?? null} />
          <main id="main" className="flex-1">
            {children}
          </main>
          <PortalFooter gatewayUrl={publicGatewayUrl()} />
        </div>
      </ToastProvider>
    </QueryProvider>
  );
}
