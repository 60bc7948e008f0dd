import Link from "next/link";
import { Logo } from "@/components/brand/logo";

/** The portal's footer: what this is, where the gateway is. */
export function PortalFooter({ gatewayUrl }: { gatewayUrl: string }) {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-6 text-sm text-slate-500 sm:px-6">
        <div className="flex items-center gap-2">
          <Logo className="h-5 w-5" />
          <span>Developer portal, powered by Portcullis</span>
        </div>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/apis" className="hover:text-slate-800">
            APIs
          </Link>
          <Link href="/products" className="hover:text-slate-800">
            Products
          </Link>
          <span className="font-mono text-xs" data-testid="footer-gateway-url">
            gateway {gatewayUrl}
          </span>
        </div>
      </div>
    </footer>
  );
}
