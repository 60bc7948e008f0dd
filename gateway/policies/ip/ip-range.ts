import { parseIpAddress, type IpAddress } from "./ip-address";

/**
 * A block of addresses written as CIDR (`10.0.0.0/8`, `2001:db8::/32`) or as one address, read
 * with the same strict address parser as ip-filter, so a setting and a policy rule accept the
 * same spellings. Host bits set below the prefix (`10.0.0.1/8`) are refused: such a rule names
 * a different block than it seems to.
 */

/** Every address from `from` to `to`, both included. */
export interface IpRange {
  from: IpAddress;
  to: IpAddress;
}

export type IpRangeParseResult = { ok: true; range: IpRange } | { ok: false; message: string };

/** Reads `10.0.0.0/8`, `2001:db8::/32` or a lone address (a block of one). */
export function parseIpRange(text: string): IpRangeParseResult {
  const slash = text.indexOf("/");
  if (slash < 0) {
    const single = parseIpAddress(text);
    return single.ok ? { ok: true, range: { from: single.address, to: single.address } } : single;
  }
  const base = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const parsed = parseIpAddress(base);
  if (!parsed.ok) return parsed;
  // The prefix counts bits of the address as written: 32 for dotted IPv4, 128 for IPv6 text.
  const width = base.includes(":") ? 128 : 32;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
    return { ok: false, message: `'${text}' has an invalid prefix length: write /0 to /${width} after ${width === 32 ? "an IPv4" : "an IPv6"} address` };
  }
  const hostBits = BigInt(width - Number(prefixText));
  const hostMask = (1n << hostBits) - 1n;
  const value = parsed.address.value;
  if ((value & hostMask) !== 0n) {
    const start = width === 32 ? `: the block starts at ${ipv4Text(value & ~hostMask)}` : ": write the block's first address";
    return { ok: false, message: `'${text}' has host bits set below /${prefixText}${start}` };
  }
  return { ok: true, range: { from: parsed.address, to: { value: value | hostMask, v4: parsed.address.v4 } } };
}

function ipv4Text(value: bigint): string {
  const n = Number(value & 0xffffffffn);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}
