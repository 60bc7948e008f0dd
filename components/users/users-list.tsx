"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { CloseConnectionsCheckbox } from "@/components/resources/close-connections-checkbox";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PlusIcon, SearchIcon, UsersIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { UserContract } from "@/server/users/user.schemas";
import { CreateUserDialog } from "./create-user-dialog";
import { UserPasswordDialog } from "./user-password-dialog";
import { userKeys, userLabel, useUsers } from "./user-queries";

export const ROLE_OPTIONS = [
  { value: "administrator", label: "Administrator" },
  { value: "publisher", label: "Publisher" },
  { value: "developer", label: "Developer" },
] as const;
const ROLE_TONES: Record<string, BadgeTone> = { administrator: "indigo", publisher: "green", developer: "neutral" };
const STATE_TONES: Record<string, BadgeTone> = { active: "green", blocked: "red", pending: "amber" };

/** The users: change role, give a password (one-time link or set), block or unblock, delete. */
export function UsersList({ currentUserEmail }: { currentUserEmail: string }) {
  const users = useUsers();
  const queryClient = useQueryClient();
  const toast = useToast();
  // ?search= (a log row's user links here with the email) fills the search.
  const initialSearch = useSearchParams().get("search") ?? "";
  const [query, setQuery] = useState(initialSearch);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<UserContract | null>(null);
  const [closeNow, setCloseNow] = useState(false);
  const [blocking, setBlocking] = useState<UserContract | null>(null);
  const [passwordFor, setPasswordFor] = useState<UserContract | null>(null);
  const patchUser = useMutation({
    mutationFn: ({ user, properties }: { user: UserContract; properties: Record<string, string>; title: string }) =>
      managementFetch(`/users/${encodeURIComponent(user.name)}`, { method: "PATCH", body: { properties } }),
    onSuccess: async (_saved, { user, title }) => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      toast.show({ title, description: user.properties.email });
    },
    onError: (error) => toast.show({ tone: "error", title: "The user was not changed", description: error.message }),
  });
  const busy = patchUser.isPending ? patchUser.variables.user.name : null;
  /** Changes the user; rejects when the server refuses (the toast has said so already). */
  const patch = (user: UserContract, properties: Record<string, string>, title: string) => patchUser.mutateAsync({ user, properties, title });

  if (users.isPending) return <ListSkeleton label="Loading users" />;
  if (users.isError) return <ErrorNotice>The users could not be loaded: {users.error.message}</ErrorNotice>;
  const q = query.trim().toLowerCase();
  const visible = users.data.filter((u) => !q || `${u.properties.email} ${userLabel(u)} ${u.properties.role}`.toLowerCase().includes(q));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="relative w-full max-w-sm">
          <label htmlFor="user-search" className="sr-only">
            Search users
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
          <Input id="user-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search by email, name or role" className="pl-9" autoComplete="off" />
        </div>
        <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setCreating(true)}>
          Add user
        </Button>
      </div>
      {visible.length === 0 ? (
        <EmptyState icon={<UsersIcon className="h-6 w-6" />} title={q ? `No users match “${query}”` : "No users yet"} description={q ? "Try another word, or clear the search." : "Add people who build or use your APIs."} />
      ) : (
        <Table aria-label="Users">
          <THead>
            <TR>
              <TH>User</TH>
              <TH>Role</TH>
              <TH>State</TH>
              <TH className="hidden whitespace-nowrap md:table-cell">Last sign-in</TH>
              <TH className="text-right">Actions</TH>
            </TR>
          </THead>
          <TBody>
            {visible.map((user) => {
              const self = user.properties.email.toLowerCase() === currentUserEmail.toLowerCase();
              const blocked = user.properties.state === "blocked";
              return (
                <TR key={user.name} data-testid={`user-${user.name}`}>
                  <TD>
                    <span className="font-medium text-slate-900">{userLabel(user)}</span>
                    {self ? <Badge className="ml-2">You</Badge> : null}
                    <p className="text-xs text-slate-500">{user.properties.email}</p>
                  </TD>
                  <TD>
                    {/* The role once: a choice for others, a badge for yourself (nobody demotes themselves by accident). */}
                    {self ? (
                      <Badge tone={ROLE_TONES[user.properties.role]} className="capitalize">
                        {user.properties.role}
                      </Badge>
                    ) : (
                      <>
                        <label htmlFor={`role-${user.name}`} className="sr-only">
                          Role of {user.properties.email}
                        </label>
                        <Select
                          id={`role-${user.name}`}
                          value={user.properties.role}
                          disabled={busy === user.name}
                          className="h-8 w-36 text-xs"
                          onChange={(e) => void patch(user, { role: e.target.value }, "Role changed").catch(() => {})}
                        >
                          {ROLE_OPTIONS.map((r) => (
                            <option key={r.value} value={r.value}>
                              {r.label}
                            </option>
                          ))}
                        </Select>
                      </>
                    )}
                  </TD>
                  <TD>
                    <Badge tone={STATE_TONES[user.properties.state]} className="capitalize">
                      {user.properties.state}
                    </Badge>
                  </TD>
                  <TD className="hidden whitespace-nowrap text-slate-500 md:table-cell">
                    <RelativeTime iso={user.properties.lastLoginAt} fallback="Never" />
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    <div className="inline-flex items-center gap-1.5">
                      <Button size="sm" variant="ghost" onClick={() => setPasswordFor(user)} aria-label={`Password of ${user.properties.email}`}>
                        Password
                      </Button>
                      {blocked ? (
                        <Button size="sm" variant="secondary" onClick={() => void patch(user, { state: "active" }, "User unblocked").catch(() => {})} loading={busy === user.name}>
                          Unblock
                        </Button>
                      ) : (
                        <Button size="sm" variant="ghost" disabled={self} onClick={() => setBlocking(user)} aria-label={`Block ${user.properties.email}`}>
                          Block
                        </Button>
                      )}
                      <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" disabled={self} onClick={() => setDeleting(user)} aria-label={`Delete ${user.properties.email}`}>
                        Delete
                      </Button>
                    </div>
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} onCreated={(created, hasPassword) => (hasPassword ? undefined : setPasswordFor(created))} />
      <UserPasswordDialog user={passwordFor} onClose={() => setPasswordFor(null)} />
      <ConfirmDialog
        open={blocking !== null}
        onClose={() => setBlocking(null)}
        title={`Block ${blocking?.properties.email ?? ""}?`}
        description="They are signed out and cannot sign in until unblocked. Their subscriptions keep their state."
        confirmLabel="Block user"
        onConfirm={async () => {
          if (!blocking) return;
          await patch(blocking, { state: "blocked" }, "User blocked");
          setBlocking(null);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => {
          setDeleting(null);
          setCloseNow(false);
        }}
        title={`Delete ${deleting?.properties.email ?? ""}?`}
        description="The user and their subscriptions are deleted; their keys stop working at once. This cannot be undone."
        confirmText={deleting?.properties.email}
        confirmLabel="Delete user"
        onConfirm={async () => {
          if (!deleting) return;
          await managementFetch(`/users/${encodeURIComponent(deleting.name)}?deleteSubscriptions=true${closeNow ? "&closeConnections=true" : ""}`, { method: "DELETE" });
          await queryClient.invalidateQueries({ queryKey: userKeys.all });
          toast.show({ title: "User deleted", description: deleting.properties.email });
          setDeleting(null);
          setCloseNow(false);
        }}
      >
        <CloseConnectionsCheckbox reason="Subscription deleted" checked={closeNow} onChange={setCloseNow} />
      </ConfirmDialog>
    </div>
  );
}
