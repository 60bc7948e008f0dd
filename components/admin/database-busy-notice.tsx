"use client";

import { useSyncExternalStore } from "react";
import { DATABASE_BUSY_NOTICE, databaseBusyWaiting, subscribeDatabaseBusy } from "./database-busy";

/** An unobtrusive line at the foot of the window while a request waits out a busy database. */
export function DatabaseBusyNotice() {
  const waiting = useSyncExternalStore(subscribeDatabaseBusy, databaseBusyWaiting, () => 0);
  if (waiting === 0) return null;
  return (
    <div
      role="status"
      data-testid="database-busy-notice"
      className="fixed bottom-4 left-1/2 z-50 -translate-x-1/2 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 shadow"
    >
      {DATABASE_BUSY_NOTICE}
    </div>
  );
}
