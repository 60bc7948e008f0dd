/**
 * APIM's built-in all-access subscription: id `master`, scope every API, always active. Its own
 * module with no imports, so the server, the admin portal's components and the CLI all read the
 * one id (server/subscriptions/built-in-subscription.ts creates and guards the row).
 */
export const BUILT_IN_SUBSCRIPTION_ID = "master";

/** The built-in subscription's display name. */
export const BUILT_IN_SUBSCRIPTION_NAME = "Built-in all-access subscription";
