/**
 * `<idle-timeout seconds="300" />` (beyond APIM): a connection with no data in either
 * direction for this long is closed on both sides with 1001 "idle timeout" (any frame counts,
 * pings included). The gateway checks every connection with one shared timer, at most a
 * second apart (finer for short timeouts), so the close comes at most that late and never
 * early. When several documents set it, the shortest wins.
 */
import { defineConnectionTimeLimit } from "./connection-time-limit";

export const idleTimeout = defineConnectionTimeLimit("idle-timeout", "idleTimeoutMs");
