import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const eslint = new ESLint({ cwd: root });

async function restrictedImportMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const HTTP_ONLY = "cli/ talks to the portal over HTTP only: it must not import server/, app/ or components/.";
const PLAIN_NODE = "cli/ is a plain Node HTTP client: no Next.js, React or server-only modules.";

describe("the CLI boundary lint rule", () => {
  it.each([
    ['import { getDb } from "@/server/db";', "cli/x.ts", HTTP_ONLY],
    ['import { getDb } from "../server/db";', "cli/commands/y.ts", HTTP_ONLY],
    ['import { Button } from "@/components/ui/button";', "cli/x.ts", HTTP_ONLY],
    ['import { NextResponse } from "next/server";', "cli/x.ts", PLAIN_NODE],
    ['import "server-only";', "cli/x.ts", PLAIN_NODE],
  ])("refuses %s in %s", async (code, file, message) => {
    const specifier = /"([^"]+)"/.exec(code)![1];
    expect(await restrictedImportMessages(code + "\nvoid 0;\n", file)).toEqual([`'${specifier}' import is restricted from being used by a pattern. ${message}`]);
  });

  it("allows the CLI's own modules and zod", async () => {
    const code = 'import { z } from "zod";\nimport { ApiError } from "./cli-errors";\nvoid z;\nvoid ApiError;\n';
    expect(await restrictedImportMessages(code, "cli/x.ts")).toEqual([]);
  });
});
