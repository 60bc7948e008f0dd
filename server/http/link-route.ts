import "server-only";
import type { z } from "zod";
import type { Db } from "@/db/client";
import type { ManagementContext } from "./management-route";
import { parseOrThrow } from "./validation";

/** How a link between two resources (`/products/{productId}/apis/{apiId}`) is made and removed, given its parsed ids. */
export interface LinkRoute<K extends string> {
  /** Makes the link; the linked resource's contract and whether the link is new. */
  link(db: Db, ids: Record<K, string>): { contract: unknown; created: boolean };
  /** Removes the link; whether there was one. */
  unlink(db: Db, ids: Record<K, string>): boolean;
}

/**
 * The PUT and DELETE handlers of a link route, for `withManagementAuth(path, "put" | "delete", …)`: each path
 * parameter parsed with its schema, in order; PUT answers the linked resource, 201 when linked now and 200 when
 * it was; DELETE 200 when removed, 204 when there was no link.
 */
export function linkRouteHandlers<K extends string>(schemas: Record<K, z.ZodType<string>>, route: LinkRoute<K>) {
  const parseParams = (params: Record<K, string>) => {
    const ids = {} as Record<K, string>;
    for (const key of Object.keys(schemas) as K[]) ids[key] = parseOrThrow(schemas[key], params[key], key);
    return ids;
  };
  return {
    put: ({ params, db }: ManagementContext<Record<K, string>>): Response => {
      const { contract, created } = route.link(db, parseParams(params));
      return Response.json(contract, { status: created ? 201 : 200 });
    },
    delete: ({ params, db }: ManagementContext<Record<K, string>>): Response =>
      new Response(null, { status: route.unlink(db, parseParams(params)) ? 200 : 204 }),
  };
}
