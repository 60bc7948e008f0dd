"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import { slugify } from "@/components/apis/slugify";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { focusRing } from "@/components/ui/focus";
import { PlusIcon } from "@/components/ui/icons";
import { Input, Textarea } from "@/components/ui/input";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { serverErrorsFor } from "@/components/ui/server-field-errors";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { GatewayContract } from "@/server/gateways/gateway.schemas";
import { gatewayKeys, useGatewayApiCount, useGatewayList } from "./gateway-queries";
import { Heartbeat } from "./heartbeat";

function ApiCount({ gateway }: { gateway: GatewayContract }) {
  const count = useGatewayApiCount(gateway.name);
  if (gateway.properties.managed) return <span className="text-slate-500">Every API</span>;
  if (count.isPending) return <span className="inline-block h-4 w-6 animate-pulse rounded bg-slate-100" aria-label="Loading" />;
  return <span className="tabular-nums">{count.data ?? "—"}</span>;
}

/** The gateways: the managed one first, then self-hosted ones; register another. */
export function GatewaysList({ canManage }: { canManage: boolean }) {
  const gateways = useGatewayList();
  const router = useRouter();
  const [registering, setRegistering] = useState(false);
  if (gateways.isPending) return <ListSkeleton label="Loading gateways" />;
  if (gateways.isError) return <ErrorNotice>The gateways could not be loaded: {gateways.error.message}</ErrorNotice>;
  const sorted = [...gateways.data].sort((a, b) => Number(b.properties.managed) - Number(a.properties.managed) || a.properties.displayName.localeCompare(b.properties.displayName));
  return (
    <div className="space-y-4">
      {canManage ? (
        <div className="flex justify-end">
          <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setRegistering(true)}>
            Register gateway
          </Button>
        </div>
      ) : null}
      <Table aria-label="Gateways">
        <THead>
          <TR>
            <TH>Gateway</TH>
            <TH>Kind</TH>
            <TH>Last heartbeat</TH>
            <TH className="text-right">APIs</TH>
          </TR>
        </THead>
        <TBody>
          {sorted.map((gateway) => {
            const href = `/admin/gateways/${encodeURIComponent(gateway.name)}`;
            return (
              <TR key={gateway.name} className="cursor-pointer transition-colors hover:bg-slate-50" onClick={() => router.push(href)}>
                <TD>
                  <Link href={href} className={cn("rounded font-medium text-slate-900 hover:text-indigo-700", focusRing)} onClick={(e) => e.stopPropagation()}>
                    {gateway.properties.displayName}
                  </Link>
                  <p className="max-w-md truncate text-xs text-slate-500">
                    <span className="font-mono">{gateway.name}</span>
                    {gateway.properties.description ? ` · ${gateway.properties.description}` : ""}
                  </p>
                </TD>
                <TD>{gateway.properties.managed ? <Badge tone="indigo">Managed</Badge> : <Badge>Self-hosted</Badge>}</TD>
                <TD>
                  <Heartbeat iso={gateway.properties.lastHeartbeatAt} />
                </TD>
                <TD className="text-right">
                  <ApiCount gateway={gateway} />
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
      {gateways.data.length === 1 ? (
        <p className="text-sm text-slate-500">Only the managed gateway so far. Register a self-hosted gateway to serve chosen APIs from your own network.</p>
      ) : null}
      <RegisterGatewayDialog open={registering} onClose={() => setRegistering(false)} />
    </div>
  );
}

const FIELDS = ["name", "displayName", "description"] as const;

function RegisterGatewayDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: "", displayName: "", description: "" });
  const [nameEdited, setNameEdited] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setValues({ name: "", displayName: "", description: "" });
    setNameEdited(false);
    setErrors({});
    setFormError(null);
    onClose();
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const found: typeof errors = {};
    if (!values.displayName.trim()) found.displayName = "Enter a display name.";
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(values.name.trim())) found.name = "Use letters, digits, '-' and '_', starting with a letter or digit.";
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      setTimeout(() => (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      return;
    }
    setBusy(true);
    const path = `/gateways/${encodeURIComponent(values.name.trim())}`;
    try {
      const exists = await managementFetch(path).then(
        () => true,
        (error) => (error instanceof ManagementRequestError && error.status === 404 ? false : Promise.reject(error)),
      );
      if (exists) {
        setErrors({ name: "A gateway with this id already exists." });
        return;
      }
      const gateway = await managementFetch<GatewayContract>(path, { method: "PUT", body: { properties: { displayName: values.displayName.trim(), description: values.description } } });
      void queryClient.invalidateQueries({ queryKey: gatewayKeys.all });
      toast.show({ title: "Gateway registered", description: "Create an API token for it, then assign it APIs." });
      close();
      router.push(`/admin/gateways/${encodeURIComponent(gateway.name)}`);
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
      onClose={close}
      title="Register a self-hosted gateway"
      description="A gateway you run in your own network. It pulls the configuration of the APIs assigned to it."
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Register gateway
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {formError ? <ErrorNotice>{formError}</ErrorNotice> : null}
        <Field label="Display name" required error={errors.displayName}>
          {(control) => (
            <Input
              {...control}
              value={values.displayName}
              onChange={(e) => {
                const displayName = e.target.value;
                setValues((v) => ({ ...v, displayName, name: nameEdited ? v.name : slugify(displayName) }));
              }}
              placeholder="EU west edge"
              autoComplete="off"
              autoFocus
            />
          )}
        </Field>
        <Field label="Id" required error={errors.name} hint="The gateway's identifier; its token and configuration refer to it.">
          {(control) => (
            <Input
              {...control}
              value={values.name}
              onChange={(e) => {
                setNameEdited(true);
                setValues((v) => ({ ...v, name: e.target.value }));
              }}
              className="font-mono"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Description" aside="Optional" error={errors.description}>
          {(control) => <Textarea {...control} rows={2} value={values.description} onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))} />}
        </Field>
      </div>
    </Dialog>
  );
}
