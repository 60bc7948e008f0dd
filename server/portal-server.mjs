// The portal's HTTP server (server/portal-server.ts says why it exists), as `npm start`,
// `npm run portal` and the end-to-end runs start it: `node server/portal-server.mjs [-H host] [-p port]`.
// Plain JavaScript on purpose: only the portal server's own TypeScript goes through tsx's scoped
// loader; Next.js and the build's server chunks load natively (under `--import tsx` every
// module Next.js requires goes through tsx's hooks, and cold pages answered several times slower).
/* global console -- Node */
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { tsImport } from "tsx/esm/api";

const { runPortalServer } = await tsImport("./portal-server.ts", {
  parentURL: import.meta.url,
  tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
});
await runPortalServer(async () => (await import("next")).default).catch((error) => {
  console.error("[portcullis] the portal failed to start:", error);
  process.exit(1);
});
