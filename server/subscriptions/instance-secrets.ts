import "server-only";
import { databasePath } from "@/db/client";
import { loadInstanceSecrets, type InstanceSecrets } from "@/db/secrets";

/** The two instance keys subscription keys need: one encrypts them at rest, one finds them (HMAC). */
export type KeySecrets = Pick<InstanceSecrets, "keyEncryptionKey" | "keyHmacKey">;

const holder = globalThis as typeof globalThis & { __portcullisKeySecrets?: { file: string; secrets: KeySecrets } };

/** The portal's subscription-key secrets, read once per database file (the same ones the gateway reads). */
export function getKeySecrets(): KeySecrets {
  const file = databasePath();
  if (holder.__portcullisKeySecrets?.file !== file) {
    const { keyEncryptionKey, keyHmacKey } = loadInstanceSecrets(file);
    holder.__portcullisKeySecrets = { file, secrets: { keyEncryptionKey, keyHmacKey } };
  }
  return holder.__portcullisKeySecrets.secrets;
}
