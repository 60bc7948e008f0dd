"use client";

import Link from "next/link";
import { NewPasswordForm, postPortalForm } from "./password-fields";

/** The reset link's form: choose a password, then sign in with it. */
export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  return (
    <NewPasswordForm
      withCurrent={false}
      submitLabel="Set password"
      passwordField="password"
      submit={({ password }) => postPortalForm("/api/portal/reset-password", { token, password })}
      done={
        <div className="space-y-4" role="status">
          <p className="text-sm text-slate-700">Your password is set. Sign in with {email} and your new password.</p>
          <Link href="/signin" className="inline-flex h-10 items-center rounded-lg bg-accent px-4 text-sm font-semibold text-on-accent hover:bg-accent-hover">
            Sign in
          </Link>
        </div>
      }
    />
  );
}
