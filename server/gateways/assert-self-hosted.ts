import "server-only";
import { MANAGED_GATEWAY_ID } from "@/db/schema/index";
import { UnprocessableEntityError } from "@/server/http/errors";

/** API assignments only mean something for self-hosted gateways: the managed one serves every API. */
export function assertSelfHosted(gatewayId: string): void {
  if (gatewayId === MANAGED_GATEWAY_ID) {
    throw new UnprocessableEntityError(
      "The managed gateway serves every API; API assignments apply to self-hosted gateways only.",
    );
  }
}
