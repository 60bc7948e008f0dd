import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const eslint = new ESLint({ cwd: root });

async function restrictedImportMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the gateway boundary lint rule", () => {
  it.each([
    ['import { NextResponse } from "next/server";', "gateway/x.ts"],
    ['import React from "react";', "gateway/handshake/y.ts"],
    ['import { auth } from "@/server/auth";', "gateway/x.ts"],
    ['import { Button } from "@/components/ui/button";', "gateway/x.ts"],
    ['import page from "../app/page";', "gateway/x.ts"],
  ])("refuses %s in %s", async (code, file) => {
    expect(await restrictedImportMessages(code + "\nvoid 0;\n", file)).toHaveLength(1);
  });

  it("allows the database and shared key code in gateway/", async () => {
    expect(await restrictedImportMessages('import { openDatabase } from "../db/client";\nvoid openDatabase;\n', "gateway/x.ts")).toEqual([]);
  });

  it("does not apply outside gateway/", async () => {
    expect(await restrictedImportMessages('import { NextResponse } from "next/server";\nvoid NextResponse;\n', "server/x.ts")).toEqual([]);
  });
});
