import Link from "next/link";
import { Logo } from "@/components/brand/logo";
import { ButtonLink } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus";
import type { SessionUser } from "@/server/auth/session-token";
import { PortalMenu, PortalNav } from "./portal-nav";
import { SignInLink } from "./sign-in-link";
import { UserMenu } from "./user-menu";

/** The developer portal's header: logo, sections (a menu button and drawer on phones), and Sign in / Sign up or the signed-in user's menu. */
export function PortalHeader({ user }: { user: SessionUser | null }) {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/80">
      <div className="relative mx-auto flex h-16 max-w-6xl items-center gap-3 px-4 sm:px-6 md:gap-8">
        <PortalMenu />
        <Link href="/" className={`flex items-center gap-3 rounded-lg ${focusRing}`}>
          <Logo />
          <span className="text-base font-semibold tracking-tight text-slate-900">Portcullis</span>
          <span className="hidden rounded-md bg-indigo-50 px-1.5 py-0.5 text-[11px] font-semibold tracking-wide text-indigo-700 uppercase ring-1 ring-indigo-600/15 ring-inset sm:inline">
            Developers
          </span>
        </Link>
        <PortalNav />
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          {user ? (
            <UserMenu user={user} />
          ) : (
            <>
              <SignInLink />
              <ButtonLink href="/signup" size="sm">
                Sign up
              </ButtonLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
