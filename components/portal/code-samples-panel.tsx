"use client";

import Link from "next/link";
import { useState } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { Select } from "@/components/ui/select";
import { panelId, tabId, Tabs } from "@/components/ui/tabs";
import { codeSamples, KEY_PLACEHOLDER, type SampleId } from "./code-samples";

const TABS: readonly { id: SampleId; label: string; title: string }[] = [
  { id: "wscat", label: "wscat", title: "shell" },
  { id: "browser", label: "Browser JavaScript", title: "browser.js" },
  { id: "node", label: "Node.js (ws)", title: "client.mjs" },
];

/** A key the samples may be filled in with. */
export interface SampleKey {
  label: string;
  key: string;
}

/** wscat, browser and Node.js samples for the API, with the developer's key (a picker when they have several). */
export function CodeSamplesPanel({
  url,
  subscriptionRequired,
  headerName,
  queryName,
  keys,
  signedIn,
  returnTo,
}: {
  url: string;
  subscriptionRequired: boolean;
  headerName: string;
  queryName: string;
  keys: SampleKey[];
  signedIn: boolean;
  returnTo: string;
}) {
  const [tab, setTab] = useState<SampleId>("wscat");
  const [keyIndex, setKeyIndex] = useState(0);
  const key = keys[keyIndex]?.key ?? KEY_PLACEHOLDER;
  const samples = codeSamples({ url, subscriptionRequired, headerName, queryName, key });

  return (
    <div className="space-y-4">
      {subscriptionRequired ? (
        keys.length > 0 ? (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <label htmlFor="sample-key" className="text-sm font-medium text-slate-800">
              Key in the samples
            </label>
            <div className="w-full sm:w-80">
              <Select id="sample-key" value={keyIndex} onChange={(e) => setKeyIndex(Number(e.target.value))}>
                {keys.map((k, i) => (
                  <option key={`${k.label}-${i}`} value={i}>
                    {k.label}
                  </option>
                ))}
              </Select>
            </div>
            <p className="text-sm text-slate-500" data-testid="sample-key-note">
              Your own key. Keep it secret.
            </p>
          </div>
        ) : (
          <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="sample-key-hint">
            Replace <code className="font-mono">{KEY_PLACEHOLDER}</code> with a subscription key.{" "}
            {signedIn ? (
              <>Subscribe to a product that contains this API to get one — the samples then carry it.</>
            ) : (
              <>
                <Link href={`/signin?callbackUrl=${encodeURIComponent(returnTo)}`} className="font-semibold underline">
                  Sign in
                </Link>{" "}
                and subscribe to a product that contains this API to get one.
              </>
            )}
          </p>
        )
      ) : null}
      <Tabs tabs={TABS} selected={tab} onSelect={setTab} label="Code samples" />
      {TABS.map((t) => (
        <div key={t.id} id={panelId(t.id)} role="tabpanel" aria-labelledby={tabId(t.id)} hidden={t.id !== tab} data-testid={`sample-${t.id}`}>
          <CodeBlock title={t.title} code={samples[t.id]} />
        </div>
      ))}
    </div>
  );
}
