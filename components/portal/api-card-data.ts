import type { PublicGateway } from "@/server/env";
import { primaryConnectUrl } from "@/server/portal/api-connect-url";
import type { PortalApi } from "@/server/portal/portal-api";
import type { ApiCardData } from "./api-card";

/** What an API card shows, from the catalog entry. */
export function apiCardData({ api, products }: PortalApi, gateway: PublicGateway): ApiCardData {
  return {
    id: api.id,
    displayName: api.displayName,
    description: api.description,
    connectUrl: primaryConnectUrl(gateway, api.path, api.protocols),
    subscriptionRequired: api.subscriptionRequired,
    productNames: products.map((p) => p.displayName),
  };
}
