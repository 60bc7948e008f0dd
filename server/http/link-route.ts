import "server-only";
import type { ManagementContext } from "./management-route";

/** A link between two resources (`/products/{productId}/apis/{apiId}`): how its ids are parsed and how it is made and removed. */
export interface LinkRoute<P, I> {
  parseParams(params: P): I;
  /** Makes the link; the linked resource's contract and whether the link is new. */
  link(db: ManagementContext<P>["db"], ids: I): { contract: unknown; created: boolean };
  /** Removes the link; whether there was one. */
  unlink(db: ManagementContext<P>["db"], ids: I): boolean;
}

/**
 * The PUT and DELETE handlers of a link route, for `withManagementAuth(path, "put" | "delete", …)`:
 * PUT answers the linked resource, 201 when linked now and 200 when it was; DELETE 200 when removed, 204 when there was no link.
 */
export function linkRouteHandlers<P, I>(route: LinkRoute<P, I>) {
  return {
    put: ({ params, db }: ManagementContext<P>): Response => {
      const { contract, created } = route.link(db, route.parseParams(params));
      return Response.json(contract, { status: created ? 201 : 200 });
    },
    delete: ({ params, db }: ManagementContext<P>): Response =>
      new Response(null, { status: route.unlink(db, route.parseParams(params)) ? 200 : 204 }),
  };
}
