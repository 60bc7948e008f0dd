import "server-only";
import type { Db } from "@/db/client";
import type { UserRole } from "@/db/schema/index";
import { auditActorOf, runAsAuditActor } from "@/server/audit/audit-context";
import { authenticateApiToken, type Principal } from "@/server/auth/authenticate-api-token";
import { ALL_ROLES } from "@/server/auth/roles";
import { authenticateSessionRequest } from "@/server/auth/session-token";
import { getDb } from "@/server/db";
import { errorResponse, ForbiddenError, MethodNotAllowedError, NotFoundError, UnauthorizedError } from "./errors";
import { routeMethods, routeRoles, type ManagementPath, type MethodOf } from "./management-route-roles";
import { isSafeMethod, isSameOriginRequest } from "./same-origin";

/**
 * The wrapper every management API route handler goes through: authenticate the caller,
 * check its role, run the handler, and turn whatever it throws into a response
 * (`errorResponse`). Route files stay declarative: `export const GET = withManagementAuth("/apis", "get", ...)`;
 * the roles come from the route table (management-route-roles.ts), never from the route file.
 */

/** What a wrapped handler receives. */
export interface ManagementContext<P> {
  request: Request;
  params: P;
  principal: Principal;
  db: Db;
}

type RouteParams = Record<string, string | string[] | undefined>;

/** A Next.js App Router route handler. */
export type RouteHandler<P extends RouteParams> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** The bearer token of `Authorization: Bearer <token>`, or null when there is none. */
function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * The caller of a management request: the bearer token's, or else the portal session cookie's
 * (the admin portal calls this same API). Throws UnauthorizedError when there is neither, and
 * ForbiddenError for a cookie-authenticated change whose Origin is another site (CSRF).
 */
export async function authenticateManagementRequest(db: Db, request: Request): Promise<Principal> {
  const token = bearerToken(request);
  if (token) {
    const principal = authenticateApiToken(db, token);
    if (!principal) throw new UnauthorizedError("The bearer token is invalid, expired or revoked.");
    return principal;
  }
  const principal = await authenticateSessionRequest(db, request);
  if (!principal) throw new UnauthorizedError("Missing credentials. Send 'Authorization: Bearer <token>' with a management API token.");
  if (!isSafeMethod(request.method) && !isSameOriginRequest(request)) {
    throw new ForbiddenError(
      "Cross-site request refused: a change made with the portal session must come from the portal itself (same-origin Origin header).",
    );
  }
  return principal;
}

/** Throws ForbiddenError unless the principal may act with one of `roles`. */
export function authorize(principal: Principal, roles: readonly UserRole[], request: Request): void {
  if (principal.gatewayId) throw new ForbiddenError("A gateway token can only read its gateway's configuration.");
  if (!roles.includes(principal.role)) {
    throw new ForbiddenError(
      `The ${principal.role} role cannot ${request.method} this resource; it requires ${roles.join(" or ")}.`,
    );
  }
}

/** Authentication, a check for one of `roles`, the handler, and error mapping. */
function authenticated<P extends RouteParams>(
  roles: readonly UserRole[],
  handler: (context: ManagementContext<P>) => Response | Promise<Response>,
): RouteHandler<P> {
  return async (request, context) => {
    try {
      const db = getDb();
      const principal = await authenticateManagementRequest(db, request);
      authorize(principal, roles, request);
      const params = await context.params;
      // Every audit entry the handler records names this caller.
      return await runAsAuditActor(auditActorOf(principal), () => handler({ request, params, principal, db }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** `/apis/{apiId}/products` → `{ apiId: string }`: the params Next.js hands the route file of a path. */
export type PathParams<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? { [K in Name]: string } & PathParams<Rest> : unknown;

/** Wraps the handler of `method` on `path` with authentication, the roles the route table gives it, and error mapping. */
export function withManagementAuth<Path extends ManagementPath>(
  path: Path,
  method: MethodOf<Path>,
  handler: (context: ManagementContext<PathParams<Path>>) => Response | Promise<Response>,
): RouteHandler<PathParams<Path> & RouteParams> {
  const roles = routeRoles(path, method);
  if (roles === undefined || roles === "public") throw new Error(`${method} ${path} is not an authenticated operation of the route table.`);
  return authenticated(roles, handler as (context: ManagementContext<PathParams<Path> & RouteParams>) => Response | Promise<Response>);
}

/** A handler for methods a resource does not support: 401 without credentials, else 405. */
export function methodNotAllowed(allowed: readonly string[]): RouteHandler<RouteParams> {
  return authenticated(ALL_ROLES, ({ request }) => {
    throw new MethodNotAllowedError(request.method, allowed);
  });
}

/** The methods a route file exports, each answering 405 with the methods `path` has in the route table (take the ones the file has no handler for). */
export function methodsNotAllowed(path: ManagementPath): Record<"GET" | "PUT" | "PATCH" | "POST" | "DELETE", RouteHandler<RouteParams>> {
  const notAllowed = methodNotAllowed(routeMethods(path).map((method) => method.toUpperCase()));
  return { GET: notAllowed, PUT: notAllowed, PATCH: notAllowed, POST: notAllowed, DELETE: notAllowed };
}

/** A handler for routes the management API does not have: 401 without credentials, else 404. */
export function routeNotFound(): RouteHandler<RouteParams> {
  return authenticated(ALL_ROLES, ({ request }) => {
    throw new NotFoundError(`The management API has no resource at '${new URL(request.url).pathname}'.`);
  });
}
