/** Display helpers of the console's output log. */

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "14:03:07.042": local wall-clock time with milliseconds. */
export function formatClock(time: Date | number): string {
  const d = typeof time === "number" ? new Date(time) : time;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "12 B", "1,000 B", "1.5 KiB", "2.0 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString("en-US")} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The preview of a binary message: at most `max` bytes as lower-case hex pairs, space-separated. */
export function hexPreview(bytes: Uint8Array, max = 64): string {
  const shown = Math.min(bytes.length, max);
  const parts: string[] = new Array(shown);
  for (let i = 0; i < shown; i++) parts[i] = bytes[i]!.toString(16).padStart(2, "0");
  return parts.join(" ");
}

/** The same bytes as printable ASCII, "." for anything else (the column beside a hex dump). */
export function asciiPreview(bytes: Uint8Array, max = 64): string {
  const shown = Math.min(bytes.length, max);
  let out = "";
  for (let i = 0; i < shown; i++) {
    const b = bytes[i]!;
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
  }
  return out;
}

const CLOSE_CODE_NAMES: Record<number, string> = {
  1000: "Normal Closure",
  1001: "Going Away",
  1002: "Protocol Error",
  1003: "Unsupported Data",
  1005: "No Status Received",
  1006: "Abnormal Closure",
  1007: "Invalid Payload Data",
  1008: "Policy Violation",
  1009: "Message Too Big",
  1010: "Mandatory Extension",
  1011: "Internal Error",
  1012: "Service Restart",
  1013: "Try Again Later",
  1014: "Bad Gateway",
  1015: "TLS Handshake",
};

/** RFC 6455 / IANA's name of a close code; "application" or "private" for the open ranges. */
export function closeCodeName(code: number): string {
  const known = CLOSE_CODE_NAMES[code];
  if (known) return known;
  if (code >= 3000 && code <= 3999) return "Registered";
  if (code >= 4000 && code <= 4999) return "Application-defined";
  return "Unknown";
}
