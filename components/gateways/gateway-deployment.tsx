"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import type { GatewayKeyType } from "@/server/gateways/gateway.schemas";
import { deploymentCommand } from "./deployment-command";
import { useGatewayKeys, useGenerateGatewayToken, useRegenerateGatewayKey } from "./gateway-queries";

const DAY_MS = 86_400_000;

/** `yyyy-MM-dd` of a date in local time, as a date input takes it. */
function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The Deployment tab (administrators): the gateway's keys, a token with an expiry, and the
 * command that runs this gateway elsewhere with the portal's URL and that token filled in.
 */
export function GatewayDeployment({ gatewayId }: { gatewayId: string }) {
  const [token, setToken] = useState<string | null>(null);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const command = deploymentCommand({ portalUrl: origin, gatewayId, token });
  return (
    <div className="space-y-6">
      <TokenCard gatewayId={gatewayId} token={token} onToken={setToken} />
      <Card
        title="Run this gateway"
        description="On any machine that reaches this portal, from a checkout of Portcullis. The gateway pulls the configuration of its APIs, keeps a cached copy, and reports here as an instance."
      >
        <div aria-label="Deployment command" data-testid="deployment-command">
          <CodeBlock title="shell" code={command} />
        </div>
        {token === null ? <p className="mt-3 text-sm text-slate-500">Generate a token above to fill it into the command.</p> : null}
      </Card>
      <KeysCard gatewayId={gatewayId} />
    </div>
  );
}

function TokenCard({ gatewayId, token, onToken }: { gatewayId: string; token: string | null; onToken: (token: string) => void }) {
  const generate = useGenerateGatewayToken(gatewayId);
  const today = new Date();
  const [expiry, setExpiry] = useState(() => dateInputValue(new Date(Date.now() + 30 * DAY_MS)));
  const [keyType, setKeyType] = useState<GatewayKeyType>("primary");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The end of the chosen day, capped at 30 days from now (the portal refuses more).
    const chosen = new Date(`${expiry}T23:59:00`);
    const latest = new Date(Date.now() + 30 * DAY_MS - 60_000);
    generate.mutate({ keyType, expiry: (chosen > latest ? latest : chosen).toISOString() }, { onSuccess: (answer) => onToken(answer.value) });
  };
  return (
    <Card title="Access token" description="A self-hosted gateway authenticates with a token signed by one of its keys. It stops working at its expiry, or as soon as that key is regenerated.">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-4">
        <Field label="Expires" hint="At most 30 days ahead.">
          {(control) => (
            <Input
              {...control}
              type="date"
              value={expiry}
              min={dateInputValue(today)}
              max={dateInputValue(new Date(Date.now() + 30 * DAY_MS))}
              onChange={(e) => setExpiry(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Signed with">
          {(control) => (
            <Select {...control} value={keyType} onChange={(e) => setKeyType(e.target.value as GatewayKeyType)}>
              <option value="primary">Primary key</option>
              <option value="secondary">Secondary key</option>
            </Select>
          )}
        </Field>
        <Button type="submit" loading={generate.isPending}>
          Generate token
        </Button>
      </form>
      {generate.isError ? (
        <div className="mt-4">
          <ErrorNotice>{generate.error.message}</ErrorNotice>
        </div>
      ) : null}
      {token ? (
        <div className="mt-4 space-y-2" aria-label="Generated token">
          <div className="flex items-center justify-between gap-3">
            <p className="text-sm font-medium text-slate-800">Token</p>
            <CopyButton text={token} tone="light" label="Copy token" ariaLabel="Copy token" />
          </div>
          <p data-testid="gateway-token" className="rounded-lg bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-800 ring-1 ring-slate-200">
            {token}
          </p>
          <p className="text-xs text-slate-500">Shown once: copy it now. It is not stored; generate another whenever you need one.</p>
        </div>
      ) : null}
    </Card>
  );
}

function KeysCard({ gatewayId }: { gatewayId: string }) {
  const [shown, setShown] = useState(false);
  const keys = useGatewayKeys(gatewayId, shown);
  const regenerate = useRegenerateGatewayKey(gatewayId);
  const toast = useToast();
  const [confirming, setConfirming] = useState<GatewayKeyType | null>(null);
  return (
    <Card
      title="Keys"
      description="Tokens are signed with these keys. Regenerating a key revokes every token made from it: the gateways using them stop receiving configuration until given a new token."
      actions={
        <Button variant="secondary" size="sm" onClick={() => setShown((s) => !s)}>
          {shown ? "Hide keys" : "Show keys"}
        </Button>
      }
    >
      <dl className="space-y-4">
        {(["primary", "secondary"] as const).map((keyType) => (
          <div key={keyType} className="flex flex-wrap items-center justify-between gap-3">
            <div className="min-w-0 flex-1">
              <dt className="text-sm font-medium text-slate-800">{keyType === "primary" ? "Primary key" : "Secondary key"}</dt>
              <dd className="mt-1 font-mono text-xs break-all text-slate-600">
                {!shown ? "•".repeat(32) : keys.isPending ? "Loading…" : keys.isError ? keys.error.message : keys.data[keyType]}
              </dd>
            </div>
            <div className="flex gap-2">
              {shown && keys.data ? <CopyButton text={keys.data[keyType]} tone="light" ariaLabel={`Copy ${keyType} key`} /> : null}
              <Button variant="ghost" size="sm" onClick={() => setConfirming(keyType)}>
                Regenerate
              </Button>
            </div>
          </div>
        ))}
      </dl>
      <ConfirmDialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={`Regenerate the ${confirming ?? ""} key?`}
        description="Every token made from this key stops working at once: gateways using one keep serving from their cache but receive no further configuration until given a new token."
        confirmLabel="Regenerate key"
        onConfirm={async () => {
          if (!confirming) return;
          await regenerate.mutateAsync(confirming);
          toast.show({ title: "Key regenerated", description: "Tokens made from the old key are revoked." });
          setConfirming(null);
        }}
      />
    </Card>
  );
}
