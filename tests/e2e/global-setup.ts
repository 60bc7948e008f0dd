import { openDatabase } from "../../db/client";
import { users } from "../../db/schema/index";
import { hashPassword } from "../../server/auth/password";
import { E2E_DB, E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD } from "./e2e-env";

/**
 * Runs after the web servers are up (the portal's `--setup-only` has migrated the database and
 * created the administrator): adds the developer user the role specs sign in as.
 */
export default async function globalSetup(): Promise<void> {
  const db = openDatabase(E2E_DB);
  try {
    db.insert(users)
      .values({
        id: "e2e-developer",
        email: E2E_DEVELOPER_EMAIL,
        firstName: "Dev",
        lastName: "Eloper",
        passwordHash: await hashPassword(E2E_DEVELOPER_PASSWORD),
        role: "developer",
        state: "active",
      })
      .onConflictDoNothing()
      .run();
  } finally {
    db.$client.close();
  }
}
