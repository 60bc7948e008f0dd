import { createHmac } from "node:crypto";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";

/**
 * The HMAC key (base64) one self-hosted gateway hashes presented subscription keys with:
 * derived from the instance's key-HMAC key and the gateway id, so a gateway's cached
 * configuration holds neither the instance key nor hashes valid on any other gateway.
 */
export function gatewayKeyHashKey(secrets: KeySecrets, gatewayId: string): string {
  return createHmac("sha256", Buffer.from(secrets.keyHmacKey, "base64")).update(`gateway:${gatewayId}`, "utf8").digest("base64");
}
