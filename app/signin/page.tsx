import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/admin/sign-in-form";
import { Logo } from "@/components/brand/logo";
import type { UserRole } from "@/db/schema/index";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { getPortalSession } from "@/server/auth/session";
import { safeCallbackUrl } from "@/server/auth/safe-callback-url";
import { BLOCKED_MESSAGE, INVALID_CREDENTIALS_MESSAGE, PENDING_MESSAGE } from "@/server/auth/sign-in-with-password";

export const metadata: Metadata = { title: "Sign in — Portcullis" };

/** Messages the sign-in may put in `?error=` (without JavaScript); anything else is not echoed. */
function errorMessage(code: string | undefined): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin" || code === INVALID_CREDENTIALS_MESSAGE) return INVALID_CREDENTIALS_MESSAGE;
  if (code === BLOCKED_MESSAGE || code === PENDING_MESSAGE) return code;
  if (/^Too many failed sign-in attempts\. Wait \d+ (seconds?|minutes) before trying again\.$/.test(code)) return code;
  if (code === "SessionRequired") return "Sign in to continue.";
  return "Sign-in failed. Try again.";
}

/** Where a signed-in user lands when no page was asked for. */
function homeFor(role: UserRole): string {
  return PUBLISHER_ROLES.includes(role) ? "/admin" : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Without a callbackUrl, where to go depends on who signs in: the form comes back here once
  // signed in, and this page sends developers to the developer portal, publishers to /admin.
  const requested = safeCallbackUrl(params.callbackUrl, "");
  const session = await getPortalSession();
  if (session) redirect(requested || homeFor(session.user.role));
  const callbackUrl = requested || "/signin";
  const error = errorMessage(typeof params.error === "string" ? params.error : undefined);

  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-white via-slate-50 to-indigo-50/60 px-6 py-12">
      <div className="w-full max-w-sm">
        <Link href="/" className="mx-auto flex w-fit items-center gap-3 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600">
          <Logo className="h-10 w-10" />
          <span className="text-xl font-semibold tracking-tight text-slate-900">Portcullis</span>
        </Link>
        <div className="mt-8 rounded-2xl border border-slate-200 bg-white px-8 py-8 shadow-lg shadow-slate-900/5">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Developers, publishers and administrators.</p>
          <div className="mt-6">
            <SignInForm callbackUrl={callbackUrl} initialError={error} />
          </div>
        </div>
        <p className="mt-6 text-center text-sm text-slate-600">
          New here?{" "}
          <Link
            href={requested ? `/signup?callbackUrl=${encodeURIComponent(requested)}` : "/signup"}
            className="font-semibold text-indigo-600 hover:text-indigo-500"
          >
            Create a developer account
          </Link>
        </p>
        <p className="mt-3 text-center text-xs leading-5 text-slate-500">
          First start? The first administrator&apos;s password is printed once in the server log, or set with{" "}
          <code className="font-mono text-slate-600">PORTCULLIS_ADMIN_PASSWORD</code>.
        </p>
      </div>
    </main>
  );
}
