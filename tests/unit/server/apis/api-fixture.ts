import { afterEach, beforeEach } from "vitest";
import type { Db } from "@/db/client";
import { apiPropertiesSchema, type ApiProperties } from "@/server/apis/api.schemas";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

/** An API's properties as a request would give them (`Echo` at path `echo`), with overrides. */
export const apiProps = (overrides: Partial<ApiProperties> = {}): ApiProperties =>
  apiPropertiesSchema.parse({ displayName: "Echo", serviceUrl: "wss://echo.example.com", path: "echo", ...overrides });

/** A fresh migrated database for each test of the file that calls it; read `.db` inside tests. */
export function useTempDb(): { readonly db: Db } {
  let temp: TempDatabase;
  beforeEach(() => {
    temp = createTempDatabase();
  });
  afterEach(() => temp.cleanup());
  return {
    get db() {
      return temp.db;
    },
  };
}
