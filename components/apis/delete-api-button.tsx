"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { ApiContract } from "@/server/apis/api.schemas";
import { apiKeys } from "./api-queries";

/** Deletes the API after the user types its name; then back to the list. */
export function DeleteApiButton({ api }: { api: ApiContract }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();

  return (
    <>
      <Button variant="danger-outline" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${api.properties.displayName}?`}
        description={
          <>
            The gateway stops accepting connections on <span className="font-mono text-slate-900">/{api.properties.path}</span> and the
            API&apos;s policies are deleted with it. This cannot be undone.
          </>
        }
        confirmText={api.name}
        confirmLabel="Delete API"
        onConfirm={async () => {
          await managementFetch(`/apis/${encodeURIComponent(api.name)}`, { method: "DELETE" });
          queryClient.setQueryData<ApiContract[]>(apiKeys.list, (list) => list?.filter((a) => a.name !== api.name));
          void queryClient.invalidateQueries({ queryKey: apiKeys.list });
          setOpen(false);
          toast.show({ title: "API deleted", description: `${api.properties.displayName} no longer accepts connections.` });
          router.push("/admin/apis");
        }}
      />
    </>
  );
}
