import type { ReactNode } from "react";
import { CodeBlock } from "@/components/ui/code-block";

/**
 * For whoever runs this Portcullis: publish a first API with the management API and connect
 * to it through the gateway (the README's quick start, with this portal's own URLs).
 */
export function OperatorQuickStart({ portalOrigin, gatewayUrl, apiCount }: { portalOrigin: string; gatewayUrl: string; apiCount: number }) {
  const addApi = [
    `curl -X PUT ${portalOrigin}/api/management/apis/echo \\`,
    `  -H "Authorization: Bearer $PORTCULLIS_TOKEN" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"properties": {"displayName": "Echo", "path": "echo",`,
    `       "serviceUrl": "wss://echo.websocket.org", "subscriptionRequired": false}}'`,
  ].join("\n");
  const publish = [
    `curl -X PUT ${portalOrigin}/api/management/products/starter \\`,
    `  -H "Authorization: Bearer $PORTCULLIS_TOKEN" -H "Content-Type: application/json" \\`,
    `  -d '{"properties": {"displayName": "Starter", "state": "published"}}'`,
    `curl -X PUT ${portalOrigin}/api/management/products/starter/apis/echo \\`,
    `  -H "Authorization: Bearer $PORTCULLIS_TOKEN"`,
  ].join("\n");
  const connect = `npx wscat -c ${gatewayUrl.replace(/\/$/, "")}/echo`;

  return (
    <section id="getting-started" aria-labelledby="operator-quick-start" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-xs sm:p-8">
      <div className="flex flex-wrap items-start justify-between gap-6">
        <div className="max-w-2xl">
          <p className="text-xs font-semibold tracking-wider text-indigo-600 uppercase">For publishers</p>
          <h2 id="operator-quick-start" className="mt-1 text-xl font-semibold tracking-tight text-slate-900">
            Getting started: publish an API
          </h2>
          <p className="mt-2 text-sm leading-6 text-slate-600">
            Start Portcullis with <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px]">PORTCULLIS_BOOTSTRAP_TOKEN</code> set and
            export the same value as <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px]">PORTCULLIS_TOKEN</code>, or use the
            admin portal. APIs appear here once they are in a published product.
          </p>
        </div>
        <dl className="flex gap-8 text-sm">
          <div>
            <dt className="text-slate-500">Gateway</dt>
            <dd className="mt-1 font-mono font-semibold text-slate-900" data-testid="gateway-url">
              {gatewayUrl}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">APIs configured</dt>
            <dd className="mt-1 font-semibold text-slate-900 tabular-nums" data-testid="api-count">
              {apiCount}
            </dd>
          </div>
        </dl>
      </div>
      <ol className="mt-8 space-y-6">
        <Step n={1} title="Add an API" text="A WebSocket backend under a path on the gateway.">
          <CodeBlock title="shell" code={addApi} />
        </Step>
        <Step n={2} title="Publish it in a product" text="Developers find and subscribe to published products.">
          <CodeBlock title="shell" code={publish} />
        </Step>
        <Step n={3} title="Connect through the gateway" text="The gateway relays the handshake and every frame.">
          <CodeBlock title="shell" code={connect} />
        </Step>
      </ol>
    </section>
  );
}

function Step(props: { n: number; title: string; text: string; children: ReactNode }) {
  return (
    <li className="grid gap-4 md:grid-cols-[15rem_1fr]">
      <div className="flex gap-3">
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-accent text-sm font-semibold text-on-accent">{props.n}</span>
        <div>
          <h3 className="font-semibold text-slate-900">{props.title}</h3>
          <p className="mt-1 text-sm text-slate-600">{props.text}</p>
        </div>
      </div>
      <div className="min-w-0">{props.children}</div>
    </li>
  );
}
