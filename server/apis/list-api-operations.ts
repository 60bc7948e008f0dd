import type { DbExecutor } from "@/db/client";
import type { OperationContract } from "./api.schemas";
import { getApiOrThrow } from "./get-api-or-throw";

/**
 * A WebSocket API has exactly one operation, `onHandshake`, as in Azure API Management:
 * the handshake's GET. It is implied by the API, not stored, and cannot be changed.
 */
export function listApiOperations(db: DbExecutor, apiId: string, options: { publishedOnly?: boolean } = {}): OperationContract[] {
  const api = getApiOrThrow(db, apiId, options);
  return [
    {
      id: `/apis/${api.id}/operations/onHandshake`,
      name: "onHandshake",
      properties: { displayName: "onHandshake", method: "GET", urlTemplate: "/" },
    },
  ];
}
