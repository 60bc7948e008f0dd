"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { managementFetch, ManagementRequestError } from "@/components/admin/management-fetch";
import { Button, ButtonLink, type ButtonSize } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorNotice } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { SubscriptionContract } from "@/server/subscriptions/subscription.schemas";

export interface SubscribableProduct {
  id: string;
  displayName: string;
  approvalRequired: boolean;
  subscriptionsLimit: number | null;
}

/** A subscription id: the name as a slug and 6 random hex digits, so two "Chat app"s never collide. */
export function newSubscriptionId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  const random = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${slug || "subscription"}-${random}`;
}

/** What the developer reads when the management API refuses the subscription. */
export function subscribeErrorMessage(error: unknown, product: SubscribableProduct): string {
  if (!(error instanceof ManagementRequestError)) return "The portal could not be reached. Check your connection and try again.";
  if (error.status === 409 && /already holds (\d+) subscription/.test(error.message)) {
    const held = Number(/already holds (\d+)/.exec(error.message)![1]);
    return (
      `You already have ${held} subscription${held === 1 ? "" : "s"} to ${product.displayName}, the most it allows per developer. ` +
      "Cancel one on your profile to subscribe again."
    );
  }
  if (error.status === 404) return `${product.displayName} is no longer available. Reload the page to see the current products.`;
  if (error.status === 400 && error.details.some((d) => d.target === "properties.displayName")) return "Give the subscription a name (at most 300 characters).";
  return error.message;
}

/**
 * Subscribe to a product: the developer names the subscription, the management API creates it
 * (active, or submitted when the product needs approval). Signed out, it is a link to sign in.
 */
export function SubscribeButton({
  product,
  signedIn,
  returnTo,
  size = "sm",
  defaultName,
}: {
  product: SubscribableProduct;
  signedIn: boolean;
  /** The page to come back to after signing in. */
  returnTo: string;
  size?: ButtonSize;
  defaultName?: string;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(defaultName ?? product.displayName);
  const [nameError, setNameError] = useState<string | null>(null);
  const router = useRouter();
  const toast = useToast();
  const subscribe = useMutation({
    mutationFn: (displayName: string) =>
      managementFetch<SubscriptionContract>(`/subscriptions/${newSubscriptionId(displayName)}`, {
        method: "PUT",
        body: { properties: { scope: `/products/${product.id}`, displayName } },
      }),
    onSuccess: (created) => {
      setOpen(false);
      if (created.properties.state === "submitted") {
        toast.show({ tone: "info", title: "Subscription requested", description: `${product.displayName} needs an administrator's approval. It shows as pending approval on your profile until then.` });
      } else {
        toast.show({ title: `Subscribed to ${product.displayName}`, description: "Your keys are on your profile and in the code samples." });
      }
      router.refresh();
    },
  });
  const busy = subscribe.isPending;
  const error = nameError ?? (subscribe.error ? subscribeErrorMessage(subscribe.error, product) : null);

  if (!signedIn) {
    return (
      <ButtonLink href={`/signin?callbackUrl=${encodeURIComponent(returnTo)}`} size={size} variant="secondary" aria-label={`Sign in to subscribe to ${product.displayName}`}>
        Sign in to subscribe
      </ButtonLink>
    );
  }

  const close = () => {
    if (busy) return;
    setOpen(false);
    setNameError(null);
    subscribe.reset();
  };
  const submit = () => {
    setNameError(name.trim() ? null : "Give the subscription a name.");
    if (name.trim()) subscribe.mutate(name.trim());
  };

  return (
    <>
      <Button size={size} onClick={() => setOpen(true)} aria-label={`Subscribe to ${product.displayName}`}>
        Subscribe
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={`Subscribe to ${product.displayName}`}
        description={
          <>
            {product.approvalRequired
              ? "An administrator approves new subscriptions to this product. Until then it shows as pending approval, and its keys do not work yet."
              : "Your subscription is active at once: use its keys right away."}
            {product.subscriptionsLimit !== null ? ` You may hold up to ${product.subscriptionsLimit} subscription${product.subscriptionsLimit === 1 ? "" : "s"} to this product.` : ""}
          </>
        }
        onSubmit={submit}
        footer={
          <>
            <Button variant="secondary" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {product.approvalRequired ? "Request subscription" : "Subscribe"}
            </Button>
          </>
        }
      >
        <div className="space-y-4">
          {error ? <ErrorNotice>{error}</ErrorNotice> : null}
          <Field label="Subscription name" hint="Tells your subscriptions apart, e.g. the app or environment that uses the keys." required>
            {(control) => <Input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={300} autoFocus />}
          </Field>
        </div>
      </Dialog>
    </>
  );
}
