import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { locateTool, planSystemTools, SYSTEM_TOOLS, type SystemTool } from "@/tests/setup/system-tools";

const tool = (name: string) => SYSTEM_TOOLS.find((t) => t.name === name)!;
const only = (...present: string[]) => (path: string) => present.includes(path);

describe("locateTool", () => {
  it("takes the first fixed path that exists before looking on PATH", () => {
    expect(locateTool(tool("mosquitto"), "/usr/bin", only("/usr/bin/mosquitto", "/usr/sbin/mosquitto"))).toBe("/usr/sbin/mosquitto");
  });

  it("finds a tool on PATH when it has no fixed path there", () => {
    expect(locateTool(tool("g++"), "/opt/none:/usr/local/bin/:/usr/bin", only("/usr/local/bin/g++", "/usr/bin/g++"))).toBe("/usr/local/bin/g++");
  });

  it("does not accept Chromium elsewhere on PATH: the tests launch /usr/bin/chromium exactly", () => {
    expect(locateTool(tool("chromium"), "/snap/bin", only("/snap/bin/chromium"))).toBeNull();
    expect(locateTool(tool("chromium"), "", only("/usr/bin/chromium"))).toBe("/usr/bin/chromium");
  });
});

describe("planSystemTools", () => {
  const missing: SystemTool[] = [tool("chromium"), tool("mosquitto"), tool("g++")];

  it("does nothing when every tool is there", () => {
    expect(planSystemTools([], { isRoot: false, hasAptGet: false })).toEqual({ kind: "ready" });
  });

  it("installs the missing packages with apt-get, quietly and without recommends, when root has apt-get", () => {
    expect(planSystemTools(missing, { isRoot: true, hasAptGet: true })).toEqual({
      kind: "install",
      packages: ["chromium", "mosquitto", "g++"],
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "mosquitto", "g++"],
      ],
    });
  });

  it("stops with one line naming the sudo command when not root", () => {
    expect(planSystemTools(missing, { isRoot: false, hasAptGet: true })).toEqual({
      kind: "stop",
      line: "npm test needs chromium, mosquitto, g++: run `sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium mosquitto g++`, then npm test again.",
    });
  });

  it("stops with one line for the system's package manager when there is no apt-get, naming Chromium's fixed path", () => {
    expect(planSystemTools(missing, { isRoot: true, hasAptGet: false })).toEqual({
      kind: "stop",
      line: "npm test needs chromium, mosquitto, g++ (Chromium at /usr/bin/chromium): install them with your system's package manager, then npm test again.",
    });
    expect(planSystemTools([tool("redis-server")], { isRoot: false, hasAptGet: false })).toEqual({
      kind: "stop",
      line: "npm test needs redis-server: install them with your system's package manager, then npm test again.",
    });
  });

  it("lists what the tests start and nothing only the benchmark needs", () => {
    expect(SYSTEM_TOOLS.map((t) => t.name)).toEqual(["chromium", "mosquitto", "redis-server", "python3", "make", "g++"]);
  });
});

describe("tests/setup/open-files.sh", () => {
  it("runs its command with the soft open-file limit raised to the hard limit when 65536 is out of reach", () => {
    const sh = (script: string) => execFileSync("sh", ["-c", script], { encoding: "utf8" }).trim();
    // 65536 where this process may set it (a hard limit that high, or root allowed to raise it), else the hard limit.
    const expected = sh("(ulimit -n 65536) 2>/dev/null && echo 65536 || ulimit -Hn");
    // A lower soft limit first, as a login shell may hand out; the wrapper lifts it for the command.
    const seen = sh("ulimit -Sn 256 && sh tests/setup/open-files.sh sh -c 'ulimit -Sn'");
    expect(seen).toBe(expected);
  });
});
