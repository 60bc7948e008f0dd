import type { apis } from "@/db/schema/index";
import type { ApiContract } from "./api.schemas";

export type ApiRow = typeof apis.$inferSelect;

/**
 * The management API's view of a stored API. `omitServiceUrl` for developers: the backend URL
 * is the operator's business and may carry a secret (a token in its query).
 */
export function toApiContract(row: ApiRow, options: { omitServiceUrl?: boolean } = {}): ApiContract {
  return {
    id: `/apis/${row.id}`,
    name: row.id,
    properties: {
      displayName: row.displayName,
      description: row.description,
      type: row.type,
      ...(options.omitServiceUrl ? {} : { serviceUrl: row.serviceUrl }),
      path: row.path,
      protocols: row.protocols,
      subscriptionRequired: row.subscriptionRequired,
      subscriptionKeyParameterNames: { header: row.subscriptionKeyHeaderName, query: row.subscriptionKeyQueryName },
    },
  };
}
