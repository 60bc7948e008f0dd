"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { SignOutIcon } from "@/components/ui/icons";

/** Ends the portal session and returns to the sign-in page. */
export function SignOutButton({ variant = "ghost", className }: { variant?: ButtonVariant; className?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant={variant}
      size="sm"
      className={className}
      loading={busy}
      icon={<SignOutIcon className="h-4 w-4" />}
      onClick={async () => {
        setBusy(true);
        await signOut({ redirect: false });
        window.location.assign("/signin");
      }}
    >
      Sign out
    </Button>
  );
}
