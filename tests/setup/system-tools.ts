/**
 * The programs `npm test` needs beyond node_modules, and what to do when some are missing:
 * nothing, install them (root with apt-get), or stop with one line naming the command.
 * Pure decisions here; check-system-tools.ts probes the machine and runs apt-get.
 */

/** A program some tests start, where they look for it, and the Debian package that provides it. */
export interface SystemTool {
  name: string;
  /** Paths tried first, in order (the tests use the first that exists). */
  paths: readonly string[];
  /** Whether a program of this name on PATH also counts (false when the tests use a fixed path). */
  onPath: boolean;
  aptPackage: string;
  /** Which tests need it, for the error line's reader. */
  neededBy: string;
}

/** Every system program the unit, integration and e2e tests start (nginx is the benchmark's alone). */
export const SYSTEM_TOOLS: readonly SystemTool[] = [
  // playwright.config.ts and the interop test launch exactly this file.
  { name: "chromium", paths: ["/usr/bin/chromium"], onPath: false, aptPackage: "chromium", neededBy: "Playwright and the browser interop test" },
  // Debian installs the broker in /usr/sbin, which is not on every PATH (tests/helpers/mosquitto.ts).
  { name: "mosquitto", paths: ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"], onPath: true, aptPackage: "mosquitto", neededBy: "the MQTT interop test" },
  { name: "redis-server", paths: ["/usr/bin/redis-server", "/usr/local/bin/redis-server"], onPath: true, aptPackage: "redis-server", neededBy: "the shared-counter tests" },
  // node-gyp builds native addons with these.
  { name: "python3", paths: [], onPath: true, aptPackage: "python3", neededBy: "node-gyp (native addons)" },
  { name: "make", paths: [], onPath: true, aptPackage: "make", neededBy: "node-gyp (native addons)" },
  { name: "g++", paths: [], onPath: true, aptPackage: "g++", neededBy: "node-gyp (native addons)" },
];

/** Where `tool` is, or null: its fixed paths first, then (when allowed) each PATH folder. */
export function locateTool(tool: SystemTool, pathVariable: string, isExecutable: (path: string) => boolean): string | null {
  const fixed = tool.paths.find(isExecutable);
  if (fixed) return fixed;
  if (!tool.onPath) return null;
  for (const dir of pathVariable.split(":")) {
    if (!dir) continue;
    const candidate = `${dir.replace(/\/+$/, "")}/${tool.name}`;
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** What the machine offers for installing. */
export interface InstallAbility {
  isRoot: boolean;
  hasAptGet: boolean;
}

export type SystemToolsPlan =
  | { kind: "ready" }
  | { kind: "install"; packages: string[]; commands: string[][] }
  | { kind: "stop"; line: string };

/** The environment apt-get runs with: no questions asked. */
export const APT_ENV = { DEBIAN_FRONTEND: "noninteractive" } as const;

/** The apt-get runs that install `packages`, as argument lists. */
export function aptCommands(packages: readonly string[]): string[][] {
  return [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages],
  ];
}

/** What to do about the tools `missing`: install them when root has apt-get, otherwise one line to stop with. */
export function planSystemTools(missing: readonly SystemTool[], ability: InstallAbility): SystemToolsPlan {
  if (missing.length === 0) return { kind: "ready" };
  const packages = [...new Set(missing.map((t) => t.aptPackage))];
  if (ability.isRoot && ability.hasAptGet) return { kind: "install", packages, commands: aptCommands(packages) };
  return { kind: "stop", line: stopLine(missing, packages, ability) };
}

/** The one line `npm test` stops with: what is missing and the command that installs it. */
export function stopLine(missing: readonly SystemTool[], packages: readonly string[], ability: InstallAbility): string {
  const names = missing.map((t) => t.name).join(", ");
  if (ability.hasAptGet) {
    return `npm test needs ${names}: run \`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(" ")}\`, then npm test again.`;
  }
  const chromium = missing.some((t) => t.name === "chromium") ? " (Chromium at /usr/bin/chromium)" : "";
  return `npm test needs ${names}${chromium}: install them with your system's package manager, then npm test again.`;
}
