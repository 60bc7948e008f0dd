import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import type { AsyncApiDocument } from "@/server/asyncapi/generate-asyncapi";

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[9rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

/** The API's AsyncAPI 3.0 document: download links, what it says (servers, channel, operations, security), the YAML itself. */
export function AsyncApiSummary({ apiId, document, yaml }: { apiId: string; document: AsyncApiDocument; yaml: string }) {
  const base = `/api/portal/apis/${encodeURIComponent(apiId)}/asyncapi`;
  const [channelId, channel] = Object.entries(document.channels)[0]!;
  const schemes = Object.entries(document.components.securitySchemes ?? {});
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          Generate clients and documentation with any{" "}
          <a href="https://www.asyncapi.com/tools" className="font-medium text-indigo-600 hover:text-indigo-500" rel="noreferrer" target="_blank">
            AsyncAPI tool
          </a>
          .
        </p>
        <div className="flex gap-2">
          <a href={`${base}?format=yaml&download=1`} className={buttonClasses("secondary", "sm")} download={`${apiId}-asyncapi.yaml`}>
            Download YAML
          </a>
          <a href={`${base}?format=json&download=1`} className={buttonClasses("secondary", "sm")} download={`${apiId}-asyncapi.json`}>
            Download JSON
          </a>
        </div>
      </div>
      <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 px-4" data-testid="asyncapi-summary">
        <Term label="Specification">
          AsyncAPI <span className="font-mono">{document.asyncapi}</span> · {document.info.title} <span className="text-slate-500">v{document.info.version}</span>
        </Term>
        <Term label="Servers">
          <ul className="space-y-1">
            {Object.entries(document.servers).map(([name, server]) => (
              <li key={name} className="flex flex-wrap items-center gap-2">
                <Badge tone="indigo">{server.protocol}</Badge>
                <span className="font-mono text-[13px]">
                  {server.host}
                  {server.pathname ?? ""}
                </span>
                <span className="text-slate-400">({name})</span>
              </li>
            ))}
          </ul>
        </Term>
        <Term label="Channel">
          <span className="font-mono text-[13px]">{channel.address}</span> <span className="text-slate-400">({channelId})</span>
        </Term>
        <Term label="Messages">
          <ul className="space-y-1">
            {Object.keys(channel.messages).map((m) => (
              <li key={m}>
                <span className="font-medium">{document.components.messages[m]?.title ?? m}</span>{" "}
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-600">{document.components.messages[m]?.contentType}</code>
              </li>
            ))}
          </ul>
        </Term>
        <Term label="Operations">
          <ul className="space-y-1">
            {Object.entries(document.operations).map(([id, operation]) => (
              <li key={id}>
                <Badge tone={operation.action === "send" ? "green" : "amber"}>{operation.action}</Badge>{" "}
                <span className="text-slate-700">{operation.summary}</span>
              </li>
            ))}
          </ul>
        </Term>
        <Term label="Security">
          {schemes.length === 0 ? (
            <span className="text-slate-500">None: the API is open.</span>
          ) : (
            <ul className="space-y-1">
              {schemes.map(([id, scheme]) => (
                <li key={id}>
                  <span className="font-mono text-[13px]">{scheme.type}</span> in <span className="font-medium">{scheme.in}</span>:{" "}
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px]">{scheme.name}</code>
                </li>
              ))}
            </ul>
          )}
        </Term>
      </dl>
      <details className="group rounded-lg border border-slate-200">
        <summary className="cursor-pointer px-4 py-2.5 text-sm font-medium text-slate-700 select-none hover:bg-slate-50">Show the document (YAML)</summary>
        <div className="p-3">
          <CodeBlock title={`${apiId}-asyncapi.yaml`} code={yaml} />
        </div>
      </details>
    </div>
  );
}
