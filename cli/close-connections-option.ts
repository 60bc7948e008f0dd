/** `--close-connections` of the commands that end access (apis delete, subscriptions suspend/cancel/delete). */
export const CLOSE_CONNECTIONS_OPTION = {
  "close-connections": { type: "boolean", description: "Also close its open connections (1008)" },
} as const;

export function closeConnectionsQuery(close: boolean | undefined): string {
  return close ? "?closeConnections=true" : "";
}
