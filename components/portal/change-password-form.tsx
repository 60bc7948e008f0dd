"use client";

import { signOut } from "next-auth/react";
import { NewPasswordForm, postPortalForm } from "./password-fields";

/**
 * The profile's "Change password": the current password and a new one. Changing it ends every
 * session, this one too, so the page signs out and sends the user to sign in again.
 */
export function ChangePasswordForm() {
  return (
    <NewPasswordForm
      withCurrent
      submitLabel="Change password"
      passwordField="newPassword"
      submit={async ({ currentPassword, password }) => {
        await postPortalForm("/api/portal/profile/password", { currentPassword, newPassword: password });
        await signOut({ redirect: false });
        window.location.assign("/signin?callbackUrl=%2Fprofile");
      }}
      done={<p className="text-sm text-slate-700" role="status">Password changed. Sign in again with your new password…</p>}
    />
  );
}
