import type { z } from "zod";
import { ValidationError } from "@/server/http/errors";

/**
 * A portal form's body, or a ValidationError whose details name each field with the sentence
 * the form shows under it (the schemas write whole sentences, unlike the management API's).
 */
export function parseFormBody<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ target: issue.path.join(".") || "body", message: issue.message }));
  throw new ValidationError(details.map((d) => d.message).join(" "), { details });
}
