"use client";

import { useMutation, useQueryClient, type QueryKey, type UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { focusRing } from "@/components/ui/focus";
import { ApisIcon } from "@/components/ui/icons";
import { ErrorNotice } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { ApiContract } from "@/server/apis/api.schemas";
import { AddApiPicker } from "./add-api-picker";
import { useApis } from "./api-queries";

/** What a card of linked APIs says: a product's APIs ("Add API", "Remove") or a gateway's ("Assign", "Unassign"). */
export interface LinkedApisWording {
  description: string;
  picker: { id: string; label: string; buttonLabel: string; noneLeftText: string };
  /** The list's accessible name, "Product APIs". */
  listLabel: string;
  /** The row button, "Remove" or "Unassign". */
  removeLabel: string;
  empty: { title: string; text: string };
  added: (displayName: string) => { title: string; description: string };
  addFailed: string;
  confirm: { title: (displayName: string) => string; description: string; confirmLabel: string };
  removed: string;
}

/**
 * The APIs linked to a product or a gateway (`/…/{id}/apis/{apiId}`): link one from a picker,
 * unlink one after a question; `invalidate` is refetched after either.
 */
export function LinkedApisCard({ apis, basePath, invalidate, wording: w }: { apis: UseQueryResult<ApiContract[]>; basePath: string; invalidate: QueryKey; wording: LinkedApisWording }) {
  const all = useApis();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [removing, setRemoving] = useState<ApiContract | null>(null);
  const linked = new Set((apis.data ?? []).map((a) => a.name));
  const candidates = (all.data ?? []).filter((a) => !linked.has(a.name));
  const path = (apiId: string) => `${basePath}/${encodeURIComponent(apiId)}`;
  const link = useMutation({
    mutationFn: ({ apiId, method }: { apiId: string; method: "PUT" | "DELETE" }) => managementFetch(path(apiId), { method }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invalidate }),
  });
  const add = (apiId: string) =>
    link.mutateAsync({ apiId, method: "PUT" }).then(
      () => {
        toast.show(w.added(all.data?.find((a) => a.name === apiId)?.properties.displayName ?? apiId));
        return true;
      },
      (error: Error) => {
        toast.show({ tone: "error", title: w.addFailed, description: error.message });
        return false;
      },
    );
  return (
    <Card
      title="APIs"
      description={w.description}
      bodyClassName="p-0"
      actions={<AddApiPicker {...w.picker} candidates={candidates} loading={all.isPending} onAdd={add} />}
    >
      <ApiRowsOrState apis={apis} empty={w.empty} label={w.listLabel} remove={{ label: w.removeLabel, onRemove: setRemoving }} />
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={w.confirm.title(removing?.properties.displayName ?? "")}
        description={w.confirm.description}
        confirmLabel={w.confirm.confirmLabel}
        onConfirm={async () => {
          if (!removing) return;
          await link.mutateAsync({ apiId: removing.name, method: "DELETE" });
          toast.show({ title: w.removed, description: removing.properties.displayName });
          setRemoving(null);
        }}
      />
    </Card>
  );
}

/** The APIs as rows linking to their pages, or the skeleton, the error or the empty state. */
export function ApiRowsOrState({
  apis,
  empty,
  label,
  remove,
}: {
  apis: UseQueryResult<ApiContract[]>;
  empty: { title: string; text: string };
  label: string;
  remove?: { label: string; onRemove: (api: ApiContract) => void };
}) {
  if (apis.isPending) return <div className="m-5 h-16 animate-pulse rounded-lg bg-slate-100" />;
  if (apis.isError) {
    return (
      <div className="p-5">
        <ErrorNotice>{apis.error.message}</ErrorNotice>
      </div>
    );
  }
  if (apis.data.length === 0) {
    return (
      <div className="flex flex-col items-center px-6 py-10 text-center">
        <div className="mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
          <ApisIcon className="h-5 w-5" />
        </div>
        <p className="text-sm font-medium text-slate-900">{empty.title}</p>
        <p className="mt-1 text-sm text-slate-500">{empty.text}</p>
      </div>
    );
  }
  return (
    <ul aria-label={label} className="divide-y divide-slate-100">
      {apis.data.map((api) => (
        <li key={api.name} className="flex items-center justify-between gap-4 px-5 py-3">
          <div className="min-w-0">
            <Link href={`/admin/apis/${encodeURIComponent(api.name)}`} className={`rounded font-medium text-slate-900 hover:text-indigo-700 ${focusRing}`}>
              {api.properties.displayName}
            </Link>
            <p className="font-mono text-xs text-slate-500">/{api.properties.path}</p>
          </div>
          {remove ? (
            <Button variant="ghost" size="sm" onClick={() => remove.onRemove(api)} aria-label={`${remove.label} ${api.properties.displayName}`}>
              {remove.label}
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
