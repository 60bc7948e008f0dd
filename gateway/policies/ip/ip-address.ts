/**
 * IP addresses as ip-filter compares them: every address is one 128-bit number, IPv4 written as
 * its IPv4-mapped IPv6 form (`1.2.3.4` = `::ffff:1.2.3.4`), so a caller seen as either form
 * matches a rule written in either form, and a range is two numbers compared with `<=`.
 *
 * Strict on purpose: a filter rule must mean one thing. Forms that other parsers read
 * differently are refused rather than guessed: IPv4 parts with leading zeros (octal to
 * inet_aton, decimal to others), shortened IPv4 (`10.1`), zone ids (`fe80::1%eth0`), brackets,
 * CIDR suffixes. No Node built-ins: the admin portal's editor validates rules in the browser.
 */

/** An address as a 128-bit number; `v4` when it is IPv4 (or IPv4-mapped IPv6, ::ffff:0:0/96). */
export interface IpAddress {
  value: bigint;
  v4: boolean;
}

export type IpParseResult = { ok: true; address: IpAddress } | { ok: false; message: string };

const MAPPED_PREFIX = 0xffffn << 32n;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/** Reads `text` (no surrounding whitespace allowed) as an IPv4 or IPv6 address. */
export function parseIpAddress(text: string): IpParseResult {
  if (text === "") return fail("an empty string is not an IP address");
  if (text.trim() !== text) return fail(`'${text}' has spaces around it`);
  if (text.includes("%")) return fail(`'${text}' has a zone id ('%…'): zone ids are not allowed, write the address alone`);
  if (text.includes("/")) return fail(`'${text}' is CIDR notation, not an address`);
  if (text.startsWith("[") || text.endsWith("]")) return fail(`'${text}' has brackets: write the address without them`);
  if (text.includes(":")) return parseIpv6(text);
  const v4 = parseIpv4(text);
  if (typeof v4 === "string") return fail(v4);
  return { ok: true, address: { value: MAPPED_PREFIX | BigInt(v4), v4: true } };
}

/**
 * The caller's address as the socket reports it. A zone id (link-local callers) is dropped:
 * rules cannot name zones, so the address alone is what they are compared with.
 */
export function parseCallerAddress(text: string): IpParseResult {
  const zone = text.indexOf("%");
  return parseIpAddress(zone > 0 && text.includes(":") ? text.slice(0, zone) : text);
}

/** Whether `address` lies in [from, to]. */
export function inRange(address: IpAddress, from: IpAddress, to: IpAddress): boolean {
  return from.value <= address.value && address.value <= to.value;
}

/** Dotted-quad IPv4 as an unsigned 32-bit number, or the reason it is not one. */
function parseIpv4(text: string): number | string {
  const match = IPV4.exec(text);
  if (match === null) {
    if (/^[0-9.]+$/.test(text)) return `'${text}' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255`;
    return `'${text}' is not an IP address`;
  }
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = match[i]!;
    if (part.length > 1 && part.startsWith("0"))
      return `'${text}' is ambiguous: an IPv4 part with a leading zero ('${part}') is octal to some software and decimal to others`;
    const n = Number(part);
    if (n > 255) return `'${text}' is not an IPv4 address: '${part}' is more than 255`;
    value = value * 256 + n;
  }
  return value;
}

/** RFC 4291 §2.2 text forms: full, `::`-compressed, with a trailing dotted IPv4; hex in any case. */
function parseIpv6(text: string): IpParseResult {
  const lower = text.toLowerCase();
  const invalid = `'${text}' is not an IPv6 address`;
  if (!/^[0-9a-f:.]+$/.test(lower)) return fail(invalid);
  const doubleColon = lower.indexOf("::");
  if (doubleColon !== lower.lastIndexOf("::")) return fail(`${invalid}: '::' may appear only once`);
  if (lower.includes(":::")) return fail(invalid);

  let groups: string[];
  let tail: string[] = [];
  if (doubleColon >= 0) {
    const head = lower.slice(0, doubleColon);
    const rest = lower.slice(doubleColon + 2);
    groups = head === "" ? [] : head.split(":");
    tail = rest === "" ? [] : rest.split(":");
  } else {
    groups = lower.split(":");
  }

  // A dotted IPv4 may only end the address, and stands for its last two groups.
  const words: number[] = [];
  const tailWords: number[] = [];
  const read = (parts: string[], into: number[], last: boolean): string | null => {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.includes(".")) {
        if (!last || i !== parts.length - 1) return `${invalid}: an embedded IPv4 address must come last`;
        const v4 = parseIpv4(part);
        if (typeof v4 === "string") return `${invalid}: ${v4}`;
        into.push(Math.floor(v4 / 65536), v4 % 65536);
        continue;
      }
      if (!HEX_GROUP.test(part)) return part === "" ? invalid : `${invalid}: '${part}' is not a group of 1 to 4 hex digits`;
      into.push(parseInt(part, 16));
    }
    return null;
  };
  const problem = read(groups, words, doubleColon < 0) ?? read(tail, tailWords, true);
  if (problem !== null) return fail(problem);

  const count = words.length + tailWords.length;
  if (doubleColon >= 0) {
    if (count > 7) return fail(`${invalid}: '::' must stand for at least one group of zeros`);
  } else if (count !== 8) {
    return fail(`${invalid}: it needs 8 groups (or '::' for the zeros)`);
  }
  const all = [...words, ...new Array<number>(8 - count).fill(0), ...tailWords];
  let value = 0n;
  for (const word of all) value = (value << 16n) | BigInt(word);
  return { ok: true, address: { value, v4: value >> 32n === 0xffffn } };
}

function fail(message: string): IpParseResult {
  return { ok: false, message };
}
