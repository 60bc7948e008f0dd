/**
 * `<max-connection-duration seconds="7200" />` (beyond APIM): a connection open this long is
 * closed on both sides with 1001 "maximum connection duration reached", however busy it is.
 * Checked by the same shared timer as idle-timeout (at most a second late, never early). When
 * several documents set it, the shortest wins.
 */
import { defineConnectionTimeLimit } from "./connection-time-limit";

export const maxConnectionDuration = defineConnectionTimeLimit("max-connection-duration", "maxDurationMs");
