#!/usr/bin/env node
// `npx portcullis …`: runs the TypeScript CLI (cli/main.ts) through tsx's scoped
// loader, with this repository's tsconfig whatever the current directory is.
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../cli/main.ts", {
  parentURL: import.meta.url,
  tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
});
// exitCode rather than exit(): stdout (a large export piped to a file) drains first.
process.exitCode = await main(process.argv.slice(2));
