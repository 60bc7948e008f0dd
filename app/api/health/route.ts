import { portalHealthProblem } from "@/server/health/portal-database-watch";

export const dynamic = "force-dynamic";

/**
 * The portal's health for load balancers and probes: 200 `{"status":"ok"}`, or 503 with the
 * reason (the database file was removed or replaced while open, or cannot be opened).
 */
export async function GET(): Promise<Response> {
  const problem = await portalHealthProblem();
  const headers = { "Cache-Control": "no-store" };
  if (problem) return Response.json({ status: "unavailable", reason: problem }, { status: 503, headers });
  return Response.json({ status: "ok" }, { headers });
}
