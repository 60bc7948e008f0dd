import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { gateways } from "@/db/schema/index";
import { decryptSubscriptionKey, encryptSubscriptionKey } from "@/db/subscription-keys";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { getGatewayOrThrow } from "./get-gateway-or-throw";
import type { GatewayRow } from "./to-gateway-contract";

/** A gateway's keys in clear: the two current ones and those regenerated since (newest first). */
export interface GatewayKeys {
  primary: string;
  secondary: string;
  retired: string[];
}

/** A new random gateway key: 64 random bytes in base64, as long as APIM's. */
export function generateGatewayKey(): string {
  return randomBytes(64).toString("base64");
}

/** A gateway key sealed for storage with the instance's key-encryption key (as subscription keys are). */
export function sealGatewayKey(key: string, secrets: KeySecrets): string {
  return encryptSubscriptionKey(key, secrets.keyEncryptionKey);
}

/** The keys of a stored gateway row that has both, decrypted; null for a row from before keys. */
export function openGatewayKeys(row: GatewayRow, secrets: KeySecrets): GatewayKeys | null {
  if (row.primaryKeyEncrypted === null || row.secondaryKeyEncrypted === null) return null;
  const open = (sealed: string) => decryptSubscriptionKey(sealed, secrets.keyEncryptionKey);
  return { primary: open(row.primaryKeyEncrypted), secondary: open(row.secondaryKeyEncrypted), retired: row.retiredKeysEncrypted.map(open) };
}

/**
 * The gateway's keys, decrypted. Gateways stored before keys existed (the managed one among
 * them) get theirs on first use, so every gateway has keys. Throws NotFoundError.
 */
export function ensureGatewayKeys(tx: DbExecutor, secrets: KeySecrets, gatewayId: string): GatewayKeys {
  const row = getGatewayOrThrow(tx, gatewayId);
  let primary = row.primaryKeyEncrypted;
  let secondary = row.secondaryKeyEncrypted;
  if (primary === null || secondary === null) {
    primary ??= sealGatewayKey(generateGatewayKey(), secrets);
    secondary ??= sealGatewayKey(generateGatewayKey(), secrets);
    tx.update(gateways).set({ primaryKeyEncrypted: primary, secondaryKeyEncrypted: secondary }).where(eq(gateways.id, gatewayId)).run();
  }
  return openGatewayKeys({ ...row, primaryKeyEncrypted: primary, secondaryKeyEncrypted: secondary }, secrets)!;
}
