"use client";

import Link from "next/link";
import { LockIcon } from "@/components/ui/icons";

/** Who uses the developer portal's console, so it can say how to get a key before a handshake fails. */
export interface ConsoleVisitor {
  signedIn: boolean;
  /** The gateway refuses a handshake without a key (`subscriptionRequired`). */
  keyRequired: boolean;
  /** Sign in, coming back to the console. */
  signInHref: string;
  /** Where on the page to subscribe; null when the API is in no published product. */
  subscribeHref: string | null;
  /** The visitor has a subscription waiting for an administrator's approval. */
  pendingApproval: boolean;
}

/** Shown before connecting when the API needs a key and the visitor has none: what to do to get one. */
export function KeyHint({ visitor }: { visitor: ConsoleVisitor }) {
  return (
    <div role="note" data-testid="console-key-hint" className="mt-4 flex items-start gap-3 rounded-lg bg-indigo-50 px-4 py-3 text-sm text-indigo-950 ring-1 ring-indigo-600/20 ring-inset">
      <LockIcon className="mt-0.5 h-4 w-4 shrink-0 text-indigo-600" />
      <div className="min-w-0">
        <p className="font-semibold">This API needs a subscription key.</p>
        <p className="mt-1 text-indigo-950/80">
          {!visitor.signedIn ? (
            <>
              The gateway refuses a handshake without one.{" "}
              <Link href={visitor.signInHref} className="font-semibold text-indigo-700 underline">
                Sign in
              </Link>{" "}
              and subscribe to a product that contains this API: the console then connects with your key.
            </>
          ) : visitor.pendingApproval ? (
            <>Your subscription is waiting for an administrator&apos;s approval; its key appears here once it is approved.</>
          ) : visitor.subscribeHref ? (
            <>
              You have no key for it yet.{" "}
              <a href={visitor.subscribeHref} className="font-semibold text-indigo-700 underline">
                Subscribe to a product
              </a>{" "}
              that contains this API: the console picks up the new key at once.
            </>
          ) : (
            <>It is in no published product yet, so no subscription can be made for it here.</>
          )}
        </p>
      </div>
    </div>
  );
}
