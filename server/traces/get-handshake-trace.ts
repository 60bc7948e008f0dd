import "server-only";
import { and, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayLogs } from "@/db/schema/index";
import { isPublishedApi } from "@/server/apis/published-api";
import type { HandshakeTraceContract } from "./handshake-trace.schemas";

/**
 * The gateway's log row for a traced handshake, in the console's limited shape; null until the
 * gateway has written it (logs are written in batches). Should a trace id ever repeat, the
 * newest row answers. With `publishedOnly` (a developer), a handshake to an API that is in no
 * published product is not there either (one to an unknown path is).
 */
export function getHandshakeTrace(db: Db, traceId: string, options: { publishedOnly?: boolean } = {}): HandshakeTraceContract | null {
  const visible = options.publishedOnly ? or(isNull(gatewayLogs.apiId), isPublishedApi(db, gatewayLogs.apiId)) : undefined;
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
    .where(and(eq(gatewayLogs.traceId, traceId), visible))
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
