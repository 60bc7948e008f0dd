/** Every action an audit entry can record: the filter's choices, and the only values recordAudit takes. */
export const AUDIT_ACTIONS = [
  "create",
  "update",
  "delete",
  "link",
  "unlink",
  "revoke",
  "close",
  "listSecrets",
  "regeneratePrimaryKey",
  "regenerateSecondaryKey",
  "listKeys",
  "regenerateKey",
  "generateToken",
  "changePassword",
  "createPasswordResetLink",
  "resetPassword",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
