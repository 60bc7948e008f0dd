import type { ApiProtocol } from "@/db/schema/index";
import type { UrlScheme } from "./api-form-model";
import { unservedSchemeWarning } from "./served-schemes";

/** Under the URL scheme choice: says so when the choice includes a scheme no gateway serves. */
export function UnservedSchemeWarning({ scheme, served }: { scheme: UrlScheme; served: readonly ApiProtocol[] }) {
  const warning = unservedSchemeWarning(scheme, served);
  if (warning === null) return null;
  return (
    <p role="status" className="max-w-2xl rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="unserved-scheme-warning">
      {warning}
    </p>
  );
}
