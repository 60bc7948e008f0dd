"use client";

import { useQuery } from "@tanstack/react-query";
import { managementList } from "@/components/admin/management-fetch";
import type { UserContract } from "@/server/users/user.schemas";

/** Query keys of the users screens. */
export const userKeys = { all: ["users"] as const, list: ["users", "list"] as const };

/** Every user (administrators only). */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: userKeys.list, queryFn: () => managementList<UserContract>("/users"), enabled });
}

/** "Ada Lovelace", or the email when the user has no name. */
export function userLabel(user: UserContract): string {
  return `${user.properties.firstName} ${user.properties.lastName}`.trim() || user.properties.email;
}
