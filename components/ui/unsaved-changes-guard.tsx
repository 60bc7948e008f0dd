"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { ConfirmDialog } from "./dialog";
import { leavingHref } from "./leave-guard";

/**
 * While `when` holds, asks before the page is left: the browser's own question on reload, close
 * or another site, and this dialog on a click on a link to another page of the portal (the App
 * Router has no route-change event to cancel, so such clicks are caught before its links see
 * them). Confirming calls `onLeave` and follows the link.
 */
export function UnsavedChangesGuard({
  when,
  title = "Leave with unsaved changes?",
  description,
  confirmLabel = "Discard changes",
  onLeave,
}: {
  when: boolean;
  title?: string;
  description: ReactNode;
  confirmLabel?: string;
  onLeave?: () => void;
}) {
  const [pending, setPending] = useState<HTMLAnchorElement | null>(null);
  const [mounted, setMounted] = useState(false);
  /** Set while following the confirmed link, so neither question is asked again. */
  const leaving = useRef(false);

  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!leaving.current) event.preventDefault();
    };
    const onClick = (event: MouseEvent) => {
      if (leaving.current || !(event.target instanceof Element)) return;
      const link = event.target.closest("a[href]");
      if (!(link instanceof HTMLAnchorElement)) return;
      const to = leavingHref(event, { href: link.href, target: link.target, download: link.hasAttribute("download") }, window.location.href);
      if (to === null) return;
      // Capture phase on the document: runs before React's listener on its root, so the Link never navigates.
      event.preventDefault();
      event.stopPropagation();
      setPending(link);
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [when]);
  useEffect(() => setMounted(true), []);

  // In <body>: the guard's owner may sit in a hidden panel (the policy editor behind the effective view).
  if (!mounted) return null;
  return createPortal(
    <ConfirmDialog
      open={pending !== null}
      onClose={() => setPending(null)}
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      onConfirm={async () => {
        const link = pending;
        setPending(null);
        if (!link) return;
        onLeave?.();
        leaving.current = true;
        // The same click again, now let through: a Link navigates in the app, a plain link loads the page.
        link.click();
      }}
    />,
    document.body,
  );
}
