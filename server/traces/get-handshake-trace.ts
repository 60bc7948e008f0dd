import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayLogs } from "@/db/schema/index";
import type { HandshakeTraceContract } from "./handshake-trace.schemas";

/**
 * The gateway's log row for a traced handshake, in the console's limited shape; null until the
 * gateway has written it (logs are written in batches). Should a trace id ever repeat, the
 * newest row answers.
 */
export function getHandshakeTrace(db: Db, traceId: string): HandshakeTraceContract | null {
  const row = db
    .select({
      time: gatewayLogs.time,
      responseCode: gatewayLogs.responseCode,
      backendResponseCode: gatewayLogs.backendResponseCode,
      lastErrorReason: gatewayLogs.lastErrorReason,
      lastErrorMessage: gatewayLogs.lastErrorMessage,
      lastErrorSource: gatewayLogs.lastErrorSource,
      closeCode: gatewayLogs.closeCode,
      closeReason: gatewayLogs.closeReason,
    })
    .from(gatewayLogs)
    .where(eq(gatewayLogs.traceId, traceId))
    .orderBy(desc(gatewayLogs.time))
    .limit(1)
    .get();
  if (!row) return null;
  const hasError = row.lastErrorReason !== null || row.lastErrorMessage !== null || row.lastErrorSource !== null;
  return {
    traceId,
    time: row.time.toISOString(),
    responseCode: row.responseCode,
    backendResponseCode: row.backendResponseCode,
    lastError: hasError ? { reason: row.lastErrorReason, message: row.lastErrorMessage, source: row.lastErrorSource } : null,
    closeCode: row.closeCode,
    closeReason: row.closeReason,
  };
}
