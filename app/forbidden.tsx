import { headers } from "next/headers";
import Link from "next/link";
import { forbiddenReason } from "@/components/admin/forbidden-reason";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { Logo } from "@/components/brand/logo";
import { buttonClasses } from "@/components/ui/button";
import { ShieldIcon } from "@/components/ui/icons";
import { getPortalSession } from "@/server/auth/session";
import { PATHNAME_HEADER } from "@/server/auth/session-cookie";

/** The 403 page `forbidden()` renders: who is signed in, who the page is for, and what their role lacks. */
export default async function Forbidden() {
  const session = await getPortalSession();
  const reason = forbiddenReason((await headers()).get(PATHNAME_HEADER) ?? "/admin", session?.user.role ?? null);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-white to-slate-50 px-6 py-12">
      <div className="w-full max-w-md text-center">
        <Logo className="mx-auto h-10 w-10" />
        <div className="mt-8 rounded-2xl border border-slate-200 bg-white px-8 py-10 shadow-lg shadow-slate-900/5">
          <div className="mx-auto flex h-12 w-12 items-center justify-center rounded-full bg-amber-50 text-amber-600">
            <ShieldIcon className="h-6 w-6" />
          </div>
          <p className="mt-4 text-sm font-semibold tracking-wider text-indigo-600 uppercase">403 — Access denied</p>
          <h1 className="mt-2 text-xl font-semibold tracking-tight text-slate-900">{reason.title}</h1>
          <p className="mt-3 text-sm leading-6 text-slate-600">
            {session ? (
              <>
                You are signed in as <span className="font-medium text-slate-900">{session.user.email}</span>, a{" "}
                <span className="font-medium text-slate-900">{session.user.role}</span>. {reason.detail} Ask an administrator if you need access.
              </>
            ) : (
              <>{reason.detail}</>
            )}
          </p>
          <div className="mt-8 flex justify-center gap-3">
            <Link href="/" className={buttonClasses("secondary", "sm")}>
              Go to the home page
            </Link>
            {session ? <SignOutButton variant="primary" /> : null}
          </div>
        </div>
      </div>
    </main>
  );
}
