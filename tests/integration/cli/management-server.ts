/**
 * A stand-in for the portal in CLI tests: the portal's real route handlers served over HTTP
 * (tests/helpers/portal-route-server.ts) in a process of its own, one per instance, so each has
 * its own PORTCULLIS_DB and caches. Run with `node --import tsx`; prints `{"port": n}` on stdout
 * once it listens. `HIDE_ROUTES=products,policies` leaves out the routes with such a segment
 * (the catch-all answers for them), to test how the CLI copes with an older portal.
 */
import { parsePortalEnv } from "@/server/env";
import { prepareInstance } from "@/server/launcher/prepare-instance";
import { startPortalRouteServer } from "@/tests/helpers/portal-route-server";

const databaseFile = process.env.PORTCULLIS_DB;
if (!databaseFile) throw new Error("PORTCULLIS_DB must be set");
await prepareInstance(databaseFile, parsePortalEnv());
const hiddenSegments = (process.env.HIDE_ROUTES ?? "").split(",").filter((s) => s !== "");
const server = await startPortalRouteServer({ hiddenSegments });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
