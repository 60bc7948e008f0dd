import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";
import { CodeBlock } from "@/components/ui/code-block";
import { countApis } from "@/server/apis/list-apis";
import { getDb } from "@/server/db";
import { publicGatewayUrl } from "@/server/env";

// The API count and the portal's own URL are read per request.
export const dynamic = "force-dynamic";

/** The portal's origin as the browser reached it, for the copy-paste commands. */
async function portalOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export default async function LandingPage() {
  const gatewayUrl = publicGatewayUrl();
  const origin = await portalOrigin();
  const apiCount = countApis(getDb());

  const addApi = [
    `curl -X PUT ${origin}/api/management/apis/echo \\`,
    `  -H "Authorization: Bearer $PORTCULLIS_TOKEN" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"properties": {"displayName": "Echo", "path": "echo",`,
    `       "serviceUrl": "wss://echo.websocket.org", "subscriptionRequired": false}}'`,
  ].join("\n");
  const connect = `npx wscat -c ${gatewayUrl.replace(/\/$/, "")}/echo`;
  const listApis = `curl ${origin}/api/management/apis -H "Authorization: Bearer $PORTCULLIS_TOKEN"`;

  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-6">
          <div className="flex items-center gap-3">
            <Logo />
            <span className="text-lg font-semibold tracking-tight">Portcullis</span>
          </div>
          <nav className="flex items-center gap-6 text-sm font-medium text-slate-600">
            <a href="#getting-started" className="hover:text-slate-900">
              Getting started
            </a>
            <a href="#management-api" className="hover:text-slate-900">
              Management API
            </a>
          </nav>
        </div>
      </header>

      <main className="flex-1">
        <section className="bg-gradient-to-b from-white to-slate-50">
          <div className="mx-auto max-w-6xl px-6 pb-12 pt-16">
            <p className="text-sm font-semibold uppercase tracking-wider text-indigo-600">Self-hosted API management</p>
            <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
              Portcullis — <span className="text-indigo-600">WebSocket API management</span>
            </h1>
            <p className="mt-5 max-w-2xl text-lg leading-8 text-slate-600">
              Publish WebSocket backends behind one gateway, secure their handshakes with policies, issue subscription
              keys, and watch every connection — on your own machines.
            </p>

            <dl className="mt-10 grid gap-4 sm:grid-cols-3">
              <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <dt className="text-sm font-medium text-slate-500">Gateway endpoint</dt>
                <dd className="mt-2 break-all font-mono text-lg font-semibold text-slate-900" data-testid="gateway-url">
                  {gatewayUrl}
                </dd>
                <p className="mt-1 text-xs text-slate-500">Clients connect here, followed by an API&apos;s path.</p>
              </div>
              <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <dt className="text-sm font-medium text-slate-500">APIs configured</dt>
                <dd className="mt-2 text-3xl font-semibold tabular-nums text-slate-900" data-testid="api-count">
                  {apiCount}
                </dd>
                <p className="mt-1 text-xs text-slate-500">
                  {apiCount === 0 ? "Add your first API below." : "All served by the managed gateway."}
                </p>
              </div>
              <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <dt className="text-sm font-medium text-slate-500">Management API</dt>
                <dd className="mt-2 break-all font-mono text-lg font-semibold text-slate-900">/api/management</dd>
                <p className="mt-1 text-xs text-slate-500">Azure API Management resource shapes; bearer-token auth.</p>
              </div>
            </dl>
          </div>
        </section>

        <section id="getting-started" className="mx-auto max-w-6xl px-6 py-12">
          <h2 className="text-2xl font-semibold tracking-tight">Getting started</h2>
          <p className="mt-2 max-w-2xl text-slate-600">
            Start Portcullis with <code className="rounded bg-slate-200/70 px-1.5 py-0.5 font-mono text-sm">PORTCULLIS_BOOTSTRAP_TOKEN</code>{" "}
            set and export the same value as <code className="rounded bg-slate-200/70 px-1.5 py-0.5 font-mono text-sm">PORTCULLIS_TOKEN</code>{" "}
            in your shell.
          </p>
          <ol className="mt-8 space-y-8">
            <Step n={1} title="Add an API" text="Publish a WebSocket backend under a path on the gateway.">
              <CodeBlock title="shell" code={addApi} />
            </Step>
            <Step n={2} title="Connect through the gateway" text="The gateway relays the handshake and every frame to the backend.">
              <CodeBlock title="shell" code={connect} />
            </Step>
            <Step
              n={3}
              title="Automate it"
              text="The management API speaks Azure API Management's resource shapes, so existing scripts port over."
              id="management-api"
            >
              <CodeBlock title="shell" code={listApis} />
            </Step>
          </ol>
        </section>
      </main>

      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-6 text-sm text-slate-500">
          <span>Portcullis — self-hosted WebSocket API management</span>
          <span className="font-mono text-xs">gateway {gatewayUrl}</span>
        </div>
      </footer>
    </div>
  );
}

function Step(props: { n: number; title: string; text: string; id?: string; children: ReactNode }) {
  return (
    <li id={props.id} className="grid gap-4 md:grid-cols-[16rem_1fr]">
      <div className="flex gap-3">
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-sm font-semibold text-white">
          {props.n}
        </span>
        <div>
          <h3 className="font-semibold text-slate-900">{props.title}</h3>
          <p className="mt-1 text-sm text-slate-600">{props.text}</p>
        </div>
      </div>
      <div className="min-w-0">{props.children}</div>
    </li>
  );
}
