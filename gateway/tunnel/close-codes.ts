/** Close code used in logs when a connection ended without a Close frame. */
export const CLOSE_ABNORMAL = 1006;
/** Close codes the gateway sends itself (RFC 6455 §7.4.1). */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_MESSAGE_TOO_BIG = 1009;
