"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import type { SessionUser } from "@/server/auth/session-token";

/** Initials for the avatar: "Ada Lovelace" → "AL", "ada@example.com" → "AE". */
function initials(user: SessionUser): string {
  return (user.name || user.email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
}

const item = cn("flex w-full items-center rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900", focusRing);

/** The signed-in user's menu: Profile, the admin portal (administrators and publishers), Sign out. */
export function UserMenu({ user }: { user: SessionUser }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const publishes = user.role === "administrator" || user.role === "publisher";
  return (
    <div ref={root} className="relative flex items-center gap-3">
      {publishes ? (
        <Link href="/admin" className={cn("hidden rounded-md px-2 py-1 text-sm font-medium text-slate-600 hover:text-slate-900 sm:block", focusRing)}>
          Admin portal
        </Link>
      ) : null}
      <button
        ref={button}
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account menu for ${user.email}`}
        onClick={() => setOpen((value) => !value)}
        className={cn("flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm font-medium text-slate-700 hover:bg-slate-100", focusRing)}
      >
        <span className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700" aria-hidden="true">
          {initials(user)}
        </span>
        <span className="hidden max-w-40 truncate md:block" data-testid="portal-user-name">
          {user.name}
        </span>
        <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 text-slate-400" aria-hidden="true">
          <path fillRule="evenodd" d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z" clipRule="evenodd" />
        </svg>
      </button>
      {open ? (
        <div id={menuId} className="absolute top-full right-0 mt-2 w-64 rounded-xl bg-white p-1.5 shadow-lg ring-1 ring-slate-900/10">
          <div className="border-b border-slate-100 px-3 pt-2 pb-3">
            <p className="truncate text-sm font-medium text-slate-900">{user.name}</p>
            <p className="truncate text-xs text-slate-500" data-testid="portal-user-email">
              {user.email}
            </p>
          </div>
          <div className="pt-1.5">
            <Link href="/profile" className={item} onClick={() => setOpen(false)}>
              Profile and keys
            </Link>
            {publishes ? (
              <Link href="/admin" className={item} onClick={() => setOpen(false)}>
                Admin portal
              </Link>
            ) : null}
            <button
              type="button"
              className={item}
              disabled={signingOut}
              onClick={async () => {
                setSigningOut(true);
                await signOut({ redirect: false });
                window.location.assign("/");
              }}
            >
              {signingOut ? "Signing out…" : "Sign out"}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
