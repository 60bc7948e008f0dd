// Builds the native relay addon with node-gyp (run by `npm install` and before the tests).
// A failed build never fails the install: the gateway then uses the JS relay and says so once.
// Usage: node gateway/relay-native/build.mjs [--if-missing]
import { spawnSync } from "node:child_process";
import console from "node:console";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const addon = join(here, "build", "Release", "portcullis_relay.node");

if (process.argv.includes("--if-missing") && existsSync(addon)) process.exit(0);

/** npm's own node-gyp: the one npm scripts put on PATH, else the copy bundled with npm. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return [process.execPath, process.env.npm_config_node_gyp];
  for (const npmDir of [join(dirname(process.execPath), "..", "lib", "node_modules", "npm"), "/usr/lib/node_modules/npm", "/usr/local/lib/node_modules/npm"]) {
    const js = join(npmDir, "node_modules", "node-gyp", "bin", "node-gyp.js");
    if (existsSync(js)) return [process.execPath, js];
  }
  return ["node-gyp"];
}

if (process.platform !== "linux") {
  console.log("portcullis: the native relay is Linux-only (epoll); the gateway will use the JS relay");
  process.exit(0);
}
/** Headers installed with Node itself (distro packages): no download needed. npm passes its own nodedir. */
function nodeDir() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, "include", "node", "common.gypi")) ? [`--nodedir=${prefix}`] : [];
}

const [command, ...args] = nodeGyp();
const result = spawnSync(command, [...args, "rebuild", ...nodeDir()], { cwd: here, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
if (result.status === 0 && existsSync(addon)) process.exit(0);
const why = result.error ? result.error.message : (result.stderr || "").split("\n").find((line) => /error|ERR!|No such file|not found/i.test(line) && !/gyp ERR! (System|command|cwd|node -v|node-gyp -v|not ok)/.test(line)) || `exit code ${result.status}`;
console.log(`portcullis: the native relay was not built (${why}); the gateway will use the JS relay`);
