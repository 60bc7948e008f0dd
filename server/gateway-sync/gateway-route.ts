import "server-only";
import type { Db } from "@/db/client";
import { errorResponse } from "@/server/http/errors";
import { getDb } from "@/server/db";
import { getKeySecrets, type KeySecrets } from "@/server/subscriptions/instance-secrets";
import { authenticateGateway } from "./authenticate-gateway";

/** What a self-hosted gateway endpoint's handler receives: the token's gateway, never the body's. */
export interface GatewayContext {
  request: Request;
  db: Db;
  secrets: KeySecrets;
  gatewayId: string;
}

/**
 * The wrapper every `/api/gateway/v1` route goes through: authenticate the gateway token, run
 * the handler, and turn whatever it throws into the protocol's error body (errorResponse).
 */
export function withGatewayAuth(handler: (context: GatewayContext) => Response | Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const db = getDb();
      const secrets = getKeySecrets();
      const gatewayId = authenticateGateway(db, secrets, request.headers.get("authorization"), new Date());
      return await handler({ request, db, secrets, gatewayId });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
