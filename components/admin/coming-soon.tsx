import type { ReactNode } from "react";
import { PageHeader } from "./page-header";

/** A section whose screens are not built yet; says what it will hold and where to go meanwhile. */
export function ComingSoon({ title, description, icon, api }: { title: string; description: string; icon: ReactNode; api: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
        <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">{icon}</div>
        <h2 className="text-base font-semibold text-slate-900">Coming soon</h2>
        <p className="mt-1 max-w-md text-sm text-slate-500">
          This screen is on its way. Meanwhile, manage {title.toLowerCase()} through the management API at{" "}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px] text-slate-700">{api}</code> or the{" "}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px] text-slate-700">portcullis</code> CLI.
        </p>
      </div>
    </>
  );
}
