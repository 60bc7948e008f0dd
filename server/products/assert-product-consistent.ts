import { ValidationError, type ErrorDetail } from "@/server/http/errors";

/**
 * APIM's rule: approval and a subscriptions limit only make sense for a product that
 * requires subscriptions. Checked on the merged values, so a PATCH cannot break it either.
 */
export function assertProductConsistent(values: {
  subscriptionRequired: boolean;
  approvalRequired: boolean;
  subscriptionsLimit: number | null;
}): void {
  if (values.subscriptionRequired) return;
  const details: ErrorDetail[] = [];
  if (values.approvalRequired) {
    details.push({ target: "properties.approvalRequired", message: "can be true only when subscriptionRequired is true" });
  }
  if (values.subscriptionsLimit !== null) {
    details.push({ target: "properties.subscriptionsLimit", message: "can be set only when subscriptionRequired is true" });
  }
  if (details.length > 0) {
    throw new ValidationError(details.map((d) => `${d.target} ${d.message}.`).join(" "), { details });
  }
}
