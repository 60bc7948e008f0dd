import { encryptSubscriptionKey, hashSubscriptionKey } from "@/db/subscription-keys";
import type { KeySecrets } from "./instance-secrets";

/** A key as it is stored: encrypted to show it again, hashed for the gateway's lookup. */
export function sealSubscriptionKey(key: string, secrets: KeySecrets): { encrypted: string; hash: string } {
  return { encrypted: encryptSubscriptionKey(key, secrets.keyEncryptionKey), hash: hashSubscriptionKey(key, secrets.keyHmacKey) };
}
