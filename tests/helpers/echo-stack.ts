import { afterAll, beforeAll } from "vitest";
import { startEchoBackend, type EchoBackend } from "./echo-backend";
import { startGateway, type GatewayProcess } from "./gateway-process";
import { createTempDatabase, insertApi, type TempDatabase } from "./temp-db";

/** A temp database whose API `echo` (path `echo`) fronts a `ws` echo backend, served by a real gateway. */
export interface EchoStack {
  temp: TempDatabase;
  backend: EchoBackend;
  gateway: GatewayProcess;
}

/**
 * Starts an echo stack before the file's (or describe block's) tests and stops it after.
 * The returned object's fields are set once `beforeAll` has run.
 */
export function useEchoStack(gatewayEnv: Record<string, string> = {}): EchoStack {
  const stack = {} as EchoStack;
  beforeAll(async () => {
    stack.temp = createTempDatabase();
    stack.backend = await startEchoBackend();
    insertApi(stack.temp.db, { id: "echo", path: "echo", serviceUrl: stack.backend.url() });
    stack.gateway = await startGateway(stack.temp.file, gatewayEnv);
  });
  afterAll(async () => {
    await stack.gateway?.stop();
    await stack.backend?.close();
    stack.temp?.cleanup();
  });
  return stack;
}
