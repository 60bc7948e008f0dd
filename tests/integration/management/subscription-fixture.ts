/** The subscription tests' shared set-up: a fresh management API, one product and one API per test. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { subscriptions } from "@/db/schema/index";
import { loadInstanceSecrets } from "@/db/secrets";
import { getDb } from "@/server/db";
import { apiJson, createApi, createProduct, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

/** Registers the hooks: the management API for the file, a product `starter` and an API `echo` before each test. */
export function useSubscriptionFixture(): void {
  beforeAll(setUpManagementApi);
  afterAll(tearDownManagementApi);
  beforeEach(async () => {
    resetData();
    await createProduct("starter");
    await createApi("echo");
  });
}

export const putSubscription = (sid: string, properties: object, token?: string) => apiJson("PUT", `/subscriptions/${sid}`, { body: { properties }, token });
export const storedRow = (sid: string) => getDb().select().from(subscriptions).where(eq(subscriptions.id, sid)).get()!;
export const hmacKey = () => loadInstanceSecrets(process.env.PORTCULLIS_DB!).keyHmacKey;
