import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { apiLinkColumns } from "./apis";
import { auditColumns, ownerId, resourceId, timestamp } from "./columns";

/** The id of the gateway co-deployed with the portal; it always exists. */
export const MANAGED_GATEWAY_ID = "managed";

/** Where a gateway runs, as APIM's `locationData`. */
export interface GatewayLocationData {
  name: string;
  city?: string;
  district?: string;
  countryOrRegion?: string;
}

/** A gateway process (the managed one, or a self-hosted one that reports back). */
export const gateways = sqliteTable("gateways", {
  id: resourceId(),
  displayName: text("display_name").notNull(),
  description: text("description").notNull().default(""),
  locationData: text("location_data", { mode: "json" }).$type<GatewayLocationData>(),
  /**
   * The keys gateway tokens are signed with (DESIGN.md §6), sealed like subscription keys
   * (db/subscription-keys.ts). Null until first needed for rows older than keys.
   */
  primaryKeyEncrypted: text("primary_key_encrypted"),
  secondaryKeyEncrypted: text("secondary_key_encrypted"),
  /**
   * Sealed keys replaced by regenerateKey, newest first (a few): a token signed by one of them
   * is refused as revoked rather than forged.
   */
  retiredKeysEncrypted: text("retired_keys_encrypted", { mode: "json" }).$type<string[]>().notNull().default([]),
  /** Last time the gateway told us it was alive (remote gateways; the managed one writes it too). */
  lastHeartbeatAt: timestamp("last_heartbeat_at"),
  ...auditColumns,
});

export const gatewayApis = sqliteTable(
  "gateway_apis",
  { gatewayId: ownerId("gateway_id", () => gateways.id), ...apiLinkColumns() },
  (t) => [primaryKey({ columns: [t.gatewayId, t.apiId] })],
);

/**
 * One running process of a gateway as its heartbeats describe it (DESIGN.md §6). Not
 * configuration: writing it never bumps config_revision.
 */
export const gatewayInstances = sqliteTable(
  "gateway_instances",
  {
    gatewayId: ownerId("gateway_id", () => gateways.id),
    /** Chosen by the process at start (a UUID). */
    instanceId: text("instance_id").notNull(),
    host: text("host").notNull(),
    version: text("version").notNull(),
    /** The configuration revision it serves. */
    revision: integer("revision").notNull(),
    /** Open client connections over all its workers. */
    connections: integer("connections").notNull(),
    workers: integer("workers").notNull(),
    firstSeenAt: timestamp("first_seen_at").notNull(),
    lastHeartbeatAt: timestamp("last_heartbeat_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.gatewayId, t.instanceId] })],
);
