/**
 * Creating an API from the "Add a WebSocket API" form: the API (create only), then its links to
 * the chosen products and gateways. A link that fails does not undo the API: it is named, so
 * the user can make it from the API's page.
 */
import { managementFetch } from "@/components/admin/management-fetch";
import type { ApiContract } from "@/server/apis/api.schemas";

/** Creates API `apiId` and links it; resolves with the API and the links that failed ("product gold"). */
export async function createApi(
  apiId: string,
  properties: Record<string, unknown>,
  links: { products: readonly string[]; gateways: readonly string[] },
): Promise<{ api: ApiContract; failed: string[] }> {
  const api = await managementFetch<ApiContract>(`/apis/${encodeURIComponent(apiId)}`, {
    method: "PUT",
    // Create only: never replace an API that took this name a moment ago.
    headers: { "If-None-Match": "*" },
    body: { properties },
  });
  const failed: string[] = [];
  const link = async (kind: "product" | "gateway", id: string) => {
    const path = `/${kind}s/${encodeURIComponent(id)}/apis/${encodeURIComponent(api.name)}`;
    await managementFetch(path, { method: "PUT" }).catch(() => failed.push(`${kind} ${id}`));
  };
  for (const productId of links.products) await link("product", productId);
  for (const gatewayId of links.gateways) await link("gateway", gatewayId);
  return { api, failed };
}
