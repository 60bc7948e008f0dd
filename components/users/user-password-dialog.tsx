"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { serverErrorsFor } from "@/components/ui/server-field-errors";
import { useToast } from "@/components/ui/toast";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/password-limits";
import type { UserContract } from "@/server/users/user.schemas";
import { userKeys } from "./user-queries";

interface ResetLink {
  url: string;
  expirationDate: string;
}

/**
 * How a user gets a password: a one-time link the administrator shares (shown once, works once
 * for 24 hours), or a password the administrator sets. Either ends the user's open sessions
 * once used.
 */
export function UserPasswordDialog({ user, onClose }: { user: UserContract | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const userPath = user ? `/users/${encodeURIComponent(user.name)}` : "";

  const createLink = useMutation({
    mutationFn: () => managementFetch<ResetLink>(`${userPath}/createPasswordResetLink`, { method: "POST" }),
  });
  const setPasswordMutation = useMutation({
    mutationFn: (value: string) => managementFetch(userPath, { method: "PATCH", body: { properties: { password: value } } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      toast.show({ title: "Password set", description: user?.properties.email });
      close();
    },
    onError: (error) => setFieldError(serverErrorsFor(error, ["password"] as const).fields.password ?? null),
  });

  const close = () => {
    setPassword("");
    setFieldError(null);
    createLink.reset();
    setPasswordMutation.reset();
    onClose();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) {
      setFieldError(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
      return;
    }
    setPasswordMutation.mutate(password);
  };
  const formError = setPasswordMutation.isError && !fieldError ? setPasswordMutation.error.message : null;

  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={`Password for ${user?.properties.email ?? ""}`}
      description="Send the user a one-time link to choose their own password, or set one and share it over a safe channel. Either way their open sessions end."
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Close
          </Button>
          <Button type="submit" loading={setPasswordMutation.isPending}>
            Set password
          </Button>
        </>
      }
    >
      <div className="space-y-6">
        <section aria-label="One-time link" className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4">
          <p className="text-sm text-slate-700">A link that works once, for 24 hours. Creating a new one replaces the previous link.</p>
          {createLink.data ? (
            <div className="space-y-2">
              <div className="flex items-center gap-2">
                <code className="min-w-0 flex-1 truncate rounded border border-slate-200 bg-white px-2 py-1.5 text-xs" data-testid="reset-link">
                  {createLink.data.url}
                </code>
                <CopyButton text={createLink.data.url} tone="light" ariaLabel="Copy the link" />
              </div>
              <p className="text-xs text-amber-700">Copy it now: it is shown only once.</p>
            </div>
          ) : (
            <Button variant="secondary" size="sm" onClick={() => createLink.mutate()} loading={createLink.isPending}>
              Create one-time link
            </Button>
          )}
          {createLink.isError ? <ErrorNotice>The link was not created: {createLink.error.message}</ErrorNotice> : null}
        </section>
        {formError ? <ErrorNotice>{formError}</ErrorNotice> : null}
        <Field label="New password" error={fieldError} hint={`At least ${MIN_PASSWORD_LENGTH} characters, not easy to guess.`}>
          {(control) => (
            <Input
              {...control}
              type="password"
              value={password}
              autoComplete="new-password"
              onChange={(e) => {
                setPassword(e.target.value);
                setFieldError(null);
              }}
            />
          )}
        </Field>
      </div>
    </Dialog>
  );
}
