"use client";

import { useIsFetching, useIsMutating } from "@tanstack/react-query";
import { DATABASE_BUSY_NOTICE, isDatabaseBusyError } from "./database-busy";

/** An unobtrusive line at the foot of the window while a query or change waits out a busy database. */
export function DatabaseBusyNotice() {
  const waitingQueries = useIsFetching({ predicate: (query) => isDatabaseBusyError(query.state.fetchFailureReason) });
  const waitingChanges = useIsMutating({ predicate: (mutation) => isDatabaseBusyError(mutation.state.failureReason) });
  if (waitingQueries + waitingChanges === 0) return null;
  return (
    <div
      role="status"
      className="fixed bottom-4 left-1/2 z-50 -translate-x-1/2 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 shadow"
    >
      {DATABASE_BUSY_NOTICE}
    </div>
  );
}
