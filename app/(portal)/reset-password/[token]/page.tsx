import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/portal/reset-password-form";
import { getDb } from "@/server/db";
import { findPasswordResetLink } from "@/server/passwords/find-password-reset-link";
import { RESET_LINK_INVALID_MESSAGE } from "@/server/passwords/reset-password-with-link";

export const metadata: Metadata = { title: "Choose a password", referrer: "no-referrer" };

/**
 * `/reset-password/{token}`: the one-time link an administrator shared. Anyone holding a live
 * link may choose the password of the user it is for; a used or expired link says so.
 */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? findPasswordResetLink(getDb(), token) : null;
  return (
    <div className="mx-auto max-w-md px-6 py-16">
      <div className="rounded-2xl border border-slate-200 bg-white px-8 py-8 shadow-lg shadow-slate-900/5">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Choose a password</h1>
        {link ? (
          <>
            <p className="mt-1 mb-6 text-sm text-slate-500">
              For <span className="font-medium text-slate-700">{link.email}</span>. This link works once.
            </p>
            <ResetPasswordForm token={token} email={link.email} />
          </>
        ) : (
          <div className="mt-4 space-y-4">
            <p className="text-sm text-slate-700" role="alert">
              {RESET_LINK_INVALID_MESSAGE}
            </p>
            <Link href="/signin" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
              Go to sign in
            </Link>
          </div>
        )}
      </div>
    </div>
  );
}
