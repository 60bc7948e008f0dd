/** The label every "close its open connections too" checkbox carries (API, product, user and subscription confirmations). */
export const CLOSE_CONNECTIONS_LABEL = "Close its open connections now";

/** The checkbox's description: what the connections receive, and what happens without it. */
export function closeConnectionsDescription(reason: string): string {
  return `Each gets close code 1008 “${reason}”. Left unticked, connections already open stay open until they close.`;
}
