import type { apis } from "@/db/schema/index";
import type { ApiContract } from "./api.schemas";

export type ApiRow = typeof apis.$inferSelect;

/** The management API's view of a stored API. */
export function toApiContract(row: ApiRow): ApiContract {
  return {
    id: `/apis/${row.id}`,
    name: row.id,
    properties: {
      displayName: row.displayName,
      description: row.description,
      type: row.type,
      serviceUrl: row.serviceUrl,
      path: row.path,
      protocols: row.protocols,
      subscriptionRequired: row.subscriptionRequired,
      subscriptionKeyParameterNames: { header: row.subscriptionKeyHeaderName, query: row.subscriptionKeyQueryName },
    },
  };
}
