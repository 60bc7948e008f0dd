// The database thread's entry. A worker thread does not inherit the `--import tsx` loader of the
// gateway process (Node 20 loads a worker's entry before any --import hook), so this plain module
// registers tsx in the thread and then loads the TypeScript worker.
import { URL } from "node:url";
import { register } from "tsx/esm/api";

register();
await import(new URL("./worker.ts", import.meta.url).href);
