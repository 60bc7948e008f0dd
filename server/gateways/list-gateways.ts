import "server-only";
import { asc, count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateways } from "@/db/schema/index";
import type { GatewayRow } from "./to-gateway-contract";

/** One page of gateways ordered by id, and how many there are. */
export function listGateways(db: Db, page: { top: number; skip: number }): { items: GatewayRow[]; count: number } {
  const items = db.select().from(gateways).orderBy(asc(gateways.id)).limit(page.top).offset(page.skip).all();
  return { items, count: db.select({ n: count() }).from(gateways).get()?.n ?? 0 };
}
