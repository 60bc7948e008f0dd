import { z } from "zod";

/** A trace id as the gateway accepts it in `portcullis-trace` (gateway/handshake/backend-request.ts). */
export const traceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "must be 16 to 64 characters of A-Z, a-z, 0-9, '_' or '-'" });

/** GET /api/portal/handshake-traces/{traceId}: the path parameter. */
export const handshakeTraceParamsSchema = z.object({ traceId: traceIdSchema });

/**
 * What the test console learns about its own handshake: why it failed, or how it closed.
 * Deliberately less than the log row (no caller IP, URLs, subscription or user ids).
 */
export const handshakeTraceContractSchema = z.object({
  traceId: z.string(),
  time: z.string(),
  responseCode: z.number().int(),
  backendResponseCode: z.number().int().nullable(),
  lastError: z.object({ reason: z.string().nullable(), message: z.string().nullable(), source: z.string().nullable() }).nullable(),
  closeCode: z.number().int().nullable(),
  closeReason: z.string().nullable(),
});
export type HandshakeTraceContract = z.output<typeof handshakeTraceContractSchema>;
