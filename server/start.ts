/**
 * `npm start`: prepares the data folder (migrations, secrets, first admin, bootstrap token),
 * then runs the gateway and the portal as children of this process. A child that dies on its
 * own is restarted (with backoff) while the other keeps running; Ctrl-C/SIGTERM stops both.
 * package.json runs it as `node --import tsx server/start.ts`, not through the tsx CLI: that
 * CLI relays a signal to its child and SIGKILLs the child when it does not confirm within 30 ms
 * (common on a loaded machine), which would orphan the gateway and the portal.
 *
 *   --portal-only  run the portal only (`npm run portal`)
 *   --setup-only   prepare the data folder and exit (deploy steps, test setups)
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { databasePath } from "@/db/client";
import { gatewayProcessEnv } from "@/gateway/config/process-env";
import { parsePortalEnv, type PortalEnv } from "@/server/env";
import { generatedPasswordBanner, prepareInstance } from "@/server/launcher/prepare-instance";
import { Supervisor } from "@/server/launcher/supervisor";
import { log } from "@/gateway/log";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FLAGS = ["--portal-only", "--setup-only"] as const;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !(FLAGS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(" ")}. Usage: tsx server/start.ts [${FLAGS.join("] [")}]`);
    return 2;
  }

  let env: PortalEnv;
  try {
    env = parsePortalEnv();
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const databaseFile = databasePath({ PORTCULLIS_DB: env.PORTCULLIS_DB });

  const { admin } = await prepareInstance(databaseFile, env);
  if (admin.created && admin.generatedPassword) console.log(generatedPasswordBanner(admin.email, admin.generatedPassword));
  else if (admin.created) log.info(`first administrator ${admin.email} created with PORTCULLIS_ADMIN_PASSWORD.`);
  else if (admin.reason === "email-taken") {
    log.warn(`no administrator exists and ${env.PORTCULLIS_ADMIN_EMAIL} belongs to another user; none was created.`);
  }
  log.info(`database ${databaseFile}`);
  if (args.includes("--setup-only")) return 0;

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(env.PORT),
    PORTCULLIS_DB: databaseFile,
    PORTCULLIS_PUBLIC_GATEWAY_URL: env.PORTCULLIS_PUBLIC_GATEWAY_URL,
  };
  const options = { cwd: root, env: childEnv };
  const supervisor = new Supervisor();
  supervisor.forwardSignals();

  if (!args.includes("--portal-only")) {
    // `--import tsx` runs TypeScript in this same Node binary, without a tsx wrapper process.
    supervisor.startService("gateway", process.execPath, ["--import", "tsx", "gateway/main.ts"], { ...options, env: gatewayProcessEnv(childEnv) });
  }

  const next = join(root, "node_modules", ".bin", "next");
  // next.config.js builds into PORTCULLIS_NEXT_DIST_DIR when it is set; look for the build there.
  if (!existsSync(join(root, process.env.PORTCULLIS_NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    log.info("first start: building the portal (next build), this takes a minute or two…");
    const code = await supervisor.runTask("portal build", next, ["build"], options);
    if (supervisor.isStopping) return supervisor.wait();
    if (code !== 0) {
      log.error(`the portal build failed (exit code ${code}).`);
      supervisor.fail(code);
      return supervisor.wait();
    }
  }
  if (supervisor.isStopping) return supervisor.wait();
  // Not `next start`: the portal server resolves each request's client address from its socket
  // (and PORTCULLIS_TRUSTED_PROXIES) before Next.js sees it; see server/portal-server.ts.
  const hostArgs = env.PORTAL_HOST ? ["-H", env.PORTAL_HOST] : [];
  supervisor.startService("portal", process.execPath, ["server/portal-server.mjs", "-p", String(env.PORT), ...hostArgs], options);
  log.info(`portal on http://localhost:${env.PORT}, gateway clients use ${env.PORTCULLIS_PUBLIC_GATEWAY_URL}`);
  return supervisor.wait();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log.error("failed to start", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
