import { readFileSync } from "node:fs";

/** The gateway's version (package.json), read once at start: heartbeats carry it. */
export const GATEWAY_VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
