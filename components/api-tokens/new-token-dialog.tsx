"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import type { CreatedApiTokenContract } from "@/server/api-tokens/api-token.schemas";

/** The token just created, shown this once (Portcullis keeps only its hash). */
export function NewTokenDialog({ token, onClose }: { token: CreatedApiTokenContract | null; onClose: () => void }) {
  return (
    <Dialog
      open={token !== null}
      onClose={onClose}
      title="Copy your new token"
      description={
        <>
          This is the only time <span className="font-medium text-slate-900">{token?.properties.displayName}</span> is shown. Store it in your secret manager now:
          Portcullis keeps only its hash.
        </>
      }
      footer={<Button onClick={onClose}>I have stored it</Button>}
    >
      <div className="space-y-3">
        <div className="flex items-center gap-3 rounded-lg bg-code px-4 py-3">
          <code className="min-w-0 flex-1 font-mono text-[13px] break-all text-code-accent" data-testid="new-token">
            {token?.properties.token}
          </code>
          {token ? <CopyButton text={token.properties.token} ariaLabel="Copy token" /> : null}
        </div>
        <p className="flex items-start gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
          <span aria-hidden="true">⚠</span>
          <span>Anyone with this token can call the management API as a {token?.properties.role}. If it leaks, revoke it.</span>
        </p>
      </div>
    </Dialog>
  );
}
