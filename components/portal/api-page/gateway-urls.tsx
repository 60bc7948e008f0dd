import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { ApiConnectUrl } from "@/server/portal/api-connect-url";

/**
 * The URLs clients connect to, one per scheme a gateway serves, each with a copy button; when
 * the API's schemes are all unserved, a note saying so instead of a URL that would fail.
 */
export function GatewayUrls({ urls, protocols }: { urls: ApiConnectUrl[]; protocols: readonly string[] }) {
  if (urls.length === 0) {
    return (
      <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="no-gateway-url">
        This API accepts only {protocols.map((p) => `${p}://`).join(" and ")}, which no gateway here serves, so it cannot be reached yet. Ask its
        publisher to change its URL scheme.
      </p>
    );
  }
  return (
    <ul className="space-y-2">
      {urls.map((u) => (
        <li key={u.protocol} className="flex items-center gap-3 rounded-lg border border-slate-200 bg-slate-50 px-4 py-2.5">
          <Badge tone={u.protocol === "wss" ? "green" : "neutral"}>{u.protocol === "wss" ? "wss · TLS" : "ws"}</Badge>
          <code className="min-w-0 flex-1 truncate font-mono text-sm text-slate-900" data-testid={`gateway-url-${u.protocol}`}>
            {u.url}
          </code>
          <CopyButton text={u.url} tone="light" ariaLabel={`Copy the ${u.protocol} URL`} />
        </li>
      ))}
    </ul>
  );
}
