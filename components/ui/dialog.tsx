"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "./button";
import { Field } from "./field";
import { Input } from "./input";
import { useModalDialog } from "./use-modal-dialog";

/**
 * A modal dialog on the native <dialog> element: the browser traps focus, Escape closes it,
 * and focus returns to the opener. Controlled by `open`.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer: ReactNode;
  /** When given, the body is a form and Enter submits it. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
}) {
  const titleId = useId();
  const modal = useModalDialog(open, onClose);
  const descriptionId = useId();


  const body = (
    <>
      <div className="px-6 pt-6">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {description ? (
          <div id={descriptionId} className="mt-2 text-sm leading-6 text-slate-600">
            {description}
          </div>
        ) : null}
        {children ? <div className="mt-5">{children}</div> : null}
      </div>
      <div className="mt-6 flex justify-end gap-3 rounded-b-xl border-t border-slate-100 bg-slate-50 px-6 py-4">{footer}</div>
    </>
  );

  return (
    <dialog
      {...modal}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className="m-auto w-full max-w-lg rounded-xl bg-white p-0 text-left shadow-2xl ring-1 ring-slate-900/10 backdrop:bg-black/40 backdrop:backdrop-blur-[2px]"
    >
      {onSubmit ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(event);
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}

/**
 * Asks before something that cannot be undone. With `confirmText`, the user must type it
 * (the resource's name) before the button unlocks.
 */
export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  description,
  confirmLabel,
  confirmText,
  tone = "danger",
  children,
}: {
  open: boolean;
  onClose: () => void;
  onConfirm: () => Promise<void>;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  confirmText?: string;
  tone?: "danger" | "primary";
  /** Choices that go with the confirmation (a checkbox), above the typed name. */
  children?: ReactNode;
}) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = confirmText === undefined || typed === confirmText;

  const close = () => {
    if (busy) return;
    setTyped("");
    setError(null);
    onClose();
  };

  const confirm = async () => {
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setTyped("");
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title={title}
      description={description}
      onSubmit={confirm}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant={tone} disabled={!matches} loading={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children || confirmText !== undefined || error ? (
        <div className="space-y-4">
          {children}
          {confirmText !== undefined ? (
            <Field
              label={
                <>
                  Type <span className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[13px] text-slate-900">{confirmText}</span> to confirm
                </>
              }
              error={error}
            >
              {(control) => (
                <Input {...control} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} autoFocus />
              )}
            </Field>
          ) : error ? (
            <p className="text-sm text-red-700" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
