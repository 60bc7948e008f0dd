import { routeNotFound } from "@/server/http/management-route";

// Routes the management API does not (yet) have: 401 without credentials, 404 with them,
// so an unauthenticated caller learns nothing about which resources exist.
export const GET = routeNotFound();
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
export const HEAD = GET;
export const OPTIONS = GET;
