import type { Catalog } from "@/components/admin/catalog";

/** The APIs as the admin portal lists them. */
export const API_CATALOG: Catalog = {
  path: "/admin/apis",
  title: "APIs",
  description: "WebSocket APIs the gateway serves. Each one relays client connections to a backend after its onHandshake policies.",
  addLabel: "Add API",
  noun: { one: "API", many: "APIs" },
  emptyDescription: "Add a WebSocket API to put a backend behind the gateway, secure its handshake with policies and publish it to developers.",
};
