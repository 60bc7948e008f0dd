import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/portal/sign-up-form";
import { getPortalSession } from "@/server/auth/session";
import { safeCallbackUrl } from "@/server/auth/safe-callback-url";

export const metadata: Metadata = { title: "Sign up" };

/** Create a developer account. Signed-in visitors go to their profile (or where they were headed). */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeCallbackUrl(params.callbackUrl, "/products?welcome");
  if (await getPortalSession()) redirect(params.callbackUrl ? next : "/profile");

  return (
    <div className="bg-gradient-to-b from-white via-slate-50 to-indigo-50/60 px-6 py-12">
      <div className="mx-auto w-full max-w-lg">
        <div className="rounded-2xl border border-slate-200 bg-white px-8 py-8 shadow-lg shadow-slate-900/5">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Create your developer account</h1>
          <p className="mt-1 text-sm text-slate-500">Subscribe to products, get keys and try the APIs in your browser.</p>
          <div className="mt-6">
            <SignUpForm next={next} />
          </div>
        </div>
      </div>
    </div>
  );
}
