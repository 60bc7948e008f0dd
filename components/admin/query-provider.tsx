"use client";

import "@/components/csp/zod-without-eval";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { DatabaseBusyNotice } from "./database-busy-notice";
import { isDatabaseBusyError, ManagementRequestError } from "./management-fetch";

/**
 * TanStack Query for the admin and developer portals: one client per browser tab; client
 * errors (4xx) are not retried, nor a busy database that `managementFetch` already waited out.
 * The busy-database notice lives here, so every page that has a query client shows it.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 15_000,
            retry: (failures, error) =>
              !(error instanceof ManagementRequestError && error.status < 500) && !isDatabaseBusyError(error) && failures < 2,
          },
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
