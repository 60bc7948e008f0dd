import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateways } from "@/db/schema/index";
import type { GatewayRow } from "./to-gateway-contract";

/** One page of gateways ordered by id (the one with id `name` when given), and how many there are. */
export function listGateways(db: Db, page: { top: number; skip: number }, filter: { name?: string } = {}): { items: GatewayRow[]; count: number } {
  const where = filter.name === undefined ? undefined : eq(gateways.id, filter.name);
  const items = db.select().from(gateways).where(where).orderBy(asc(gateways.id)).limit(page.top).offset(page.skip).all();
  return { items, count: db.select({ n: count() }).from(gateways).where(where).get()?.n ?? 0 };
}
