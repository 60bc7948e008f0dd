"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { managementFetch, managementList } from "@/components/admin/management-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { PlusIcon, TokensIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { serverErrorsFor } from "@/components/ui/server-field-errors";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { ApiTokenContract, CreatedApiTokenContract } from "@/server/api-tokens/api-token.schemas";

const tokenKeys = { list: ["apiTokens", "list"] as const };

/** The management API tokens: create (shown once), revoke. */
export function ApiTokensList() {
  const tokens = useQuery({ queryKey: tokenKeys.list, queryFn: () => managementList<ApiTokenContract>("/apiTokens") });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiTokenContract | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenContract | null>(null);

  let body;
  if (tokens.isPending) body = <ListSkeleton label="Loading API tokens" />;
  else if (tokens.isError) body = <ErrorNotice>The API tokens could not be loaded: {tokens.error.message}</ErrorNotice>;
  else if (tokens.data.length === 0)
    body = (
      <EmptyState
        icon={<TokensIcon className="h-6 w-6" />}
        title="No API tokens yet"
        description="Tokens let scripts, CI and the portcullis CLI call the management API."
        action={
          <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setCreating(true)}>
            Create token
          </Button>
        }
      />
    );
  else
    body = (
      <Table aria-label="API tokens">
        <THead>
          <TR>
            <TH>Name</TH>
            <TH>Prefix</TH>
            <TH>Role</TH>
            <TH className="hidden whitespace-nowrap md:table-cell">Created</TH>
            <TH className="hidden whitespace-nowrap md:table-cell">Last used</TH>
            <TH>State</TH>
            <TH className="text-right">
              <span className="sr-only">Actions</span>
            </TH>
          </TR>
        </THead>
        <TBody>
          {[...tokens.data]
            .sort((a, b) => b.properties.createdDate.localeCompare(a.properties.createdDate))
            .map((token) => {
              const p = token.properties;
              return (
                <TR key={token.name} data-testid={`token-${token.name}`} className={p.state === "active" ? undefined : "text-slate-400"}>
                  <TD>
                    <span className="font-medium text-slate-900">{p.displayName}</span>
                    {p.gatewayId ? <p className="text-xs text-slate-500">Gateway {p.gatewayId}</p> : null}
                  </TD>
                  <TD>
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{p.prefix}…</code>
                  </TD>
                  <TD className="capitalize">{p.role}</TD>
                  <TD className="hidden whitespace-nowrap text-slate-500 md:table-cell">
                    <RelativeTime iso={p.createdDate} />
                  </TD>
                  <TD className="hidden whitespace-nowrap text-slate-500 md:table-cell">
                    <RelativeTime iso={p.lastUsedDate} fallback="Never" />
                  </TD>
                  <TD>
                    {p.state === "active" ? (
                      <Badge tone="green">Active</Badge>
                    ) : p.state === "revoked" ? (
                      <Badge tone="red">
                        Revoked <RelativeTime iso={p.revokedDate} />
                      </Badge>
                    ) : (
                      <Badge>Expired</Badge>
                    )}
                  </TD>
                  <TD className="text-right">
                    {p.state === "active" ? (
                      <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => setRevoking(token)} aria-label={`Revoke ${p.displayName}`}>
                        Revoke
                      </Button>
                    ) : null}
                  </TD>
                </TR>
              );
            })}
        </TBody>
      </Table>
    );

  return (
    <div className="space-y-4">
      {tokens.data?.length ? (
        <div className="flex justify-end">
          <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setCreating(true)}>
            Create token
          </Button>
        </div>
      ) : null}
      {body}
      <CreateTokenDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
          void queryClient.invalidateQueries({ queryKey: tokenKeys.list });
        }}
      />
      <Dialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title="Copy your new token"
        description={
          <>
            This is the only time <span className="font-medium text-slate-900">{created?.properties.displayName}</span> is shown. Store it in your secret manager now:
            Portcullis keeps only its hash.
          </>
        }
        footer={<Button onClick={() => setCreated(null)}>I have stored it</Button>}
      >
        <div className="space-y-3">
          <div className="flex items-center gap-3 rounded-lg bg-code px-4 py-3">
            <code className="min-w-0 flex-1 font-mono text-[13px] break-all text-code-accent" data-testid="new-token">
              {created?.properties.token}
            </code>
            {created ? <CopyButton text={created.properties.token} ariaLabel="Copy token" /> : null}
          </div>
          <p className="flex items-start gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
            <span aria-hidden="true">⚠</span>
            <span>Anyone with this token can call the management API as a {created?.properties.role}. If it leaks, revoke it.</span>
          </p>
        </div>
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${revoking?.properties.displayName ?? ""}?`}
        description="Requests with this token are refused from now on. This cannot be undone."
        confirmLabel="Revoke token"
        onConfirm={async () => {
          if (!revoking) return;
          await managementFetch(`/apiTokens/${encodeURIComponent(revoking.name)}`, { method: "DELETE" });
          await queryClient.invalidateQueries({ queryKey: tokenKeys.list });
          toast.show({ title: "Token revoked", description: revoking.properties.displayName });
          setRevoking(null);
        }}
      />
    </div>
  );
}

const FIELDS = ["displayName", "role"] as const;

function CreateTokenDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (token: CreatedApiTokenContract) => void }) {
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState("administrator");
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reset = () => {
    setDisplayName("");
    setRole("administrator");
    setErrors({});
    setFormError(null);
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    setFormError(null);
    if (!displayName.trim()) {
      setErrors({ displayName: "Name the token after what uses it." });
      setTimeout(() => (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      return;
    }
    setBusy(true);
    try {
      const token = await managementFetch<CreatedApiTokenContract>("/apiTokens", { method: "POST", body: { properties: { displayName: displayName.trim(), role } } });
      reset();
      onCreated(token);
    } catch (error) {
      const { fields, form: message } = serverErrorsFor(error, FIELDS);
      setErrors(fields);
      setFormError(message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={() => {
        reset();
        onClose();
      }}
      title="Create API token"
      description="For scripts, CI and the portcullis CLI. You will see the token once."
      onSubmit={submit}
      footer={
        <>
          <Button
            variant="secondary"
            onClick={() => {
              reset();
              onClose();
            }}
            disabled={busy}
          >
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Create token
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {formError ? <ErrorNotice>{formError}</ErrorNotice> : null}
        <Field label="Name" required error={errors.displayName} hint="What uses it, e.g. “GitHub Actions deploy”.">
          {(control) => (
            <Input
              {...control}
              value={displayName}
              onChange={(e) => {
                setDisplayName(e.target.value);
                setErrors({});
              }}
              autoComplete="off"
              autoFocus
            />
          )}
        </Field>
        <Field label="Role" required error={errors.role} hint="What the token may do.">
          {(control) => (
            <Select {...control} value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="administrator">Administrator — everything</option>
              <option value="publisher">Publisher — APIs, products, policies</option>
              <option value="developer">Developer — read APIs, own subscriptions</option>
            </Select>
          )}
        </Field>
      </div>
    </Dialog>
  );
}
