import { rmSync } from "node:fs";
import { E2E_DIR } from "./e2e-env";

/** Removes the run's temporary data folder. */
export default function globalTeardown(): void {
  rmSync(E2E_DIR, { recursive: true, force: true });
}
