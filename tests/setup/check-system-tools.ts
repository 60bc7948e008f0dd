import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { APT_ENV, locateTool, planSystemTools, SYSTEM_TOOLS, type SystemTool } from "./system-tools";

/**
 * `npm test`'s pretest step: finds the system programs the tests start, installs the missing
 * ones with apt-get when running as root, and otherwise exits 1 with one line naming the
 * command to run. Quiet when everything is there.
 */

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function missingTools(): SystemTool[] {
  return SYSTEM_TOOLS.filter((tool) => locateTool(tool, process.env.PATH ?? "", isExecutable) === null);
}

function fail(line: string): never {
  console.error(line);
  process.exit(1);
}

const missing = missingTools();
const plan = planSystemTools(missing, {
  isRoot: process.getuid?.() === 0,
  hasAptGet: locateTool({ name: "apt-get", paths: [], onPath: true, aptPackage: "apt", neededBy: "" }, process.env.PATH ?? "", isExecutable) !== null,
});

if (plan.kind === "stop") fail(plan.line);
if (plan.kind === "install") {
  console.log(`Installing what the tests need: ${plan.packages.join(" ")}`);
  for (const [command, ...args] of plan.commands) {
    const run = spawnSync(command!, args, { stdio: "inherit", env: { ...process.env, ...APT_ENV } });
    if (run.status !== 0) fail(`npm test needs ${missing.map((t) => t.name).join(", ")}, and \`${[command, ...args].join(" ")}\` failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}): install them, then npm test again.`);
  }
  const still = missingTools();
  if (still.length > 0) fail(`npm test needs ${still.map((t) => t.name).join(", ")}, still missing after apt-get installed ${plan.packages.join(" ")}.`);
}
