"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { retryDelayMs, shouldRetryMutation, shouldRetryQuery } from "./database-busy";
import { DatabaseBusyNotice } from "./database-busy-notice";

/**
 * TanStack Query for the admin and developer portals: one client per browser tab; client
 * errors (4xx) are not retried; a busy database (503 DatabaseBusy) is waited out with the
 * server's Retry-After, for reads and changes alike, while a notice says so.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 15_000, retry: shouldRetryQuery, retryDelay: retryDelayMs },
          mutations: { retry: shouldRetryMutation, retryDelay: retryDelayMs },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      {children}
      <DatabaseBusyNotice />
    </QueryClientProvider>
  );
}
