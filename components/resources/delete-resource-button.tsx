"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { CloseConnectionsCheckbox } from "./close-connections-checkbox";
import { formErrorsFor } from "./form-errors";

/**
 * "Delete" on a resource's page: the user types the resource's id to confirm, the management
 * API deletes it, the lists forget it, a toast says so and the page goes back to the list.
 */
export function DeleteResourceButton({
  path,
  id,
  title,
  description,
  confirmLabel,
  listKey,
  invalidate,
  toast: done,
  backTo,
  closeConnectionsReason,
}: {
  /** The management API path the DELETE goes to (query string included). */
  path: string;
  /** What the user types to confirm (the resource's id); the list row with this `name` is dropped. */
  id: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The list query holding `{ name }` rows to drop the deleted one from at once. */
  listKey?: QueryKey;
  /** Queries refetched after the delete. */
  invalidate: QueryKey;
  toast: { title: string; description: string };
  /** Where to go after the delete: the list page. */
  backTo: string;
  /** Offer "Close its open connections now" (ticked: `closeConnections=true`, each gets 1008 with this reason). */
  closeConnectionsReason?: string;
}) {
  const [open, setOpen] = useState(false);
  const [ticked, setTicked] = useState(false);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => managementFetch(ticked ? `${path}${path.includes("?") ? "&" : "?"}closeConnections=true` : path, { method: "DELETE" }),
    onSuccess: () => {
      if (listKey) queryClient.setQueryData<{ name: string }[]>(listKey, (list) => list?.filter((item) => item.name !== id));
      void queryClient.invalidateQueries({ queryKey: invalidate });
      setOpen(false);
      toast.show(done);
      router.push(backTo);
    },
  });
  return (
    <>
      <Button variant="danger-outline" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          setTicked(false);
        }}
        title={title}
        description={description}
        confirmText={id}
        confirmLabel={confirmLabel}
        onConfirm={async () => {
          // The dialog shows a refusal's message under the typed name and keeps the button spinning meanwhile.
          await remove.mutateAsync().catch((error: unknown) => Promise.reject(new Error(formErrorsFor(error, []).form ?? "The delete failed.")));
        }}
      >
        {closeConnectionsReason ? <CloseConnectionsCheckbox reason={closeConnectionsReason} checked={ticked} onChange={setTicked} /> : null}
      </ConfirmDialog>
    </>
  );
}
