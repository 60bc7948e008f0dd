import "server-only";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { gateways } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import type { GatewayRow } from "./to-gateway-contract";

/** The gateway with this id; throws NotFoundError when there is none. */
export function getGatewayOrThrow(db: DbExecutor, gatewayId: string): GatewayRow {
  const row = db.select().from(gateways).where(eq(gateways.id, gatewayId)).get();
  if (!row) throw new NotFoundError(`Gateway '${gatewayId}' not found.`);
  return row;
}
