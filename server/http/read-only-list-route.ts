import type { z } from "zod";
import type { Db } from "@/db/client";
import { methodsNotAllowed, withManagementAuth } from "./management-route";
import type { ManagementPath, MethodOf } from "./management-route-roles";
import { toPage, type PageQuery } from "./pagination";
import { parseOrThrow, queryObject } from "./validation";

/**
 * The route handlers of a read-only list (logs, metrics, reports, open connections): GET
 * parses the query with `schema`, runs `list` and answers a `{value, count, nextLink}` page;
 * every other method is a 405.
 */
export function readOnlyListRoute<Path extends ManagementPath, S extends z.ZodType<PageQuery>>(
  path: Path,
  schema: S,
  list: (db: Db, query: z.output<S>) => { items: unknown[]; count: number },
) {
  return {
    ...methodsNotAllowed(path),
    GET: withManagementAuth(path, "get" as MethodOf<Path>, ({ request, db }) => {
      const query = parseOrThrow(schema, queryObject(request));
      const { items, count } = list(db, query);
      return Response.json(toPage(request, items, count, query));
    }),
  };
}
