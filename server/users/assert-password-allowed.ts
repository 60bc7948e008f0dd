import "server-only";
import { checkPassword } from "@/server/auth/password-rule";
import { ValidationError } from "@/server/http/errors";

/**
 * Throws ValidationError unless `password` passes the password rule for this user (whose email
 * and names it should not be built from). `target` names the field: `properties.password` for
 * the management API, `password` for the portal's forms, which show a whole sentence.
 */
export function assertPasswordAllowed(
  password: string,
  user: { email: string; firstName?: string; lastName?: string },
  target = "properties.password",
): void {
  const verdict = checkPassword(password, [user.email, user.firstName ?? "", user.lastName ?? ""]);
  if (verdict.ok) return;
  const message = target === "properties.password" ? `${target} ${verdict.reason}.` : `The password ${verdict.reason}.`;
  throw new ValidationError(message, { details: [{ target, message: target === "properties.password" ? verdict.reason : message }] });
}
