import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/admin/page-header";
import { ChangePasswordForm } from "@/components/portal/change-password-form";
import { SubscriptionCard } from "@/components/portal/subscription-card";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SubscriptionsIcon } from "@/components/ui/icons";
import { getPortalSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listOwnSubscriptions } from "@/server/portal/list-own-subscriptions";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";

export const metadata: Metadata = { title: "Profile" };

/** The signed-in user's account and their own subscriptions with keys. */
export default async function ProfilePage() {
  const session = await getPortalSession();
  if (!session) redirect("/signin?callbackUrl=%2Fprofile");
  const db = getDb();
  const user = getUserOrThrow(db, session.user.id);
  const all = listOwnSubscriptions(db, user.id);
  const current = all.filter((s) => ["active", "submitted", "suspended"].includes(s.subscription.properties.state));
  const ended = all.filter((s) => !current.includes(s));
  const since = new Intl.DateTimeFormat("en", { dateStyle: "long" }).format(user.createdAt);

  return (
    <div className="mx-auto max-w-4xl px-6 py-10">
      <PageHeader title="Profile" description="Your account and your subscriptions. Treat keys like passwords." />
      <section aria-label="Account" className="mb-10 flex flex-wrap items-center gap-5 rounded-xl border border-slate-200 bg-white px-6 py-5 shadow-xs">
        <span className="flex h-12 w-12 items-center justify-center rounded-full bg-indigo-100 text-base font-semibold text-indigo-700" aria-hidden="true">
          {(session.user.name || session.user.email)
            .split(/[\s@.]+/)
            .filter(Boolean)
            .slice(0, 2)
            .map((part) => part[0]!.toUpperCase())
            .join("")}
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-lg font-semibold text-slate-900" data-testid="profile-name">
            {session.user.name}
          </p>
          <p className="text-sm text-slate-600" data-testid="profile-email">
            {user.email}
          </p>
        </div>
        <dl className="flex gap-8 text-sm">
          <div>
            <dt className="text-slate-500">Role</dt>
            <dd className="mt-0.5">
              <Badge tone="indigo" className="capitalize">
                {user.role}
              </Badge>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Member since</dt>
            <dd className="mt-0.5 font-medium text-slate-900">{since}</dd>
          </div>
        </dl>
      </section>

      <div className="mb-4 flex flex-wrap items-end justify-between gap-3 sm:flex-nowrap">
        <div className="min-w-0">
          <h2 className="text-lg font-semibold text-slate-900">Subscriptions</h2>
          <p className="mt-0.5 text-sm text-slate-600">
            Each subscription has two keys: use one while you rotate the other. Send a key in the API&apos;s header, or in its query parameter from a browser.
          </p>
        </div>
        <ButtonLink href="/products" variant="secondary" size="sm">
          Subscribe to a product
        </ButtonLink>
      </div>
      {current.length === 0 ? (
        <EmptyState
          icon={<SubscriptionsIcon className="h-6 w-6" />}
          title="No subscriptions yet"
          description="Subscribe to a product to get keys for its APIs."
          action={<ButtonLink href="/products">Browse products</ButtonLink>}
        />
      ) : (
        <ul className="space-y-4" aria-label="Your subscriptions">
          {current.map((entry) => (
            <SubscriptionCard key={entry.subscription.name} entry={entry} />
          ))}
        </ul>
      )}
      {ended.length > 0 ? (
        <details className="mt-8">
          <summary className="cursor-pointer text-sm font-medium text-slate-600 hover:text-slate-900">
            {ended.length} ended subscription{ended.length === 1 ? "" : "s"} (cancelled, rejected or expired)
          </summary>
          <ul className="mt-4 space-y-3" aria-label="Ended subscriptions">
            {ended.map((entry) => (
              <SubscriptionCard key={entry.subscription.name} entry={entry} />
            ))}
          </ul>
        </details>
      ) : null}

      <section aria-labelledby="change-password" className="mt-12 rounded-xl border border-slate-200 bg-white px-6 py-5 shadow-xs">
        <h2 id="change-password" className="text-lg font-semibold text-slate-900">
          Change password
        </h2>
        <p className="mt-0.5 mb-5 text-sm text-slate-600">Every session of yours ends, this one included: you sign in again with the new password.</p>
        <div className="max-w-sm">
          <ChangePasswordForm />
        </div>
      </section>
    </div>
  );
}
