import { z } from "zod";
import { inRange, type IpAddress } from "@/gateway/policies/ip/ip-address";
import { parseIpRange, type IpRange } from "@/gateway/policies/ip/ip-range";

/** The reverse proxies whose `X-Forwarded-*` headers the portal believes (PORTCULLIS_TRUSTED_PROXIES). */
export type TrustedProxies = readonly IpRange[];

/**
 * `PORTCULLIS_TRUSTED_PROXIES`: comma-separated CIDRs or addresses, IPv4 and IPv6
 * (`127.0.0.1/32, 10.0.0.0/8, ::1`). Unset or empty: none, and the socket's address counts.
 */
export const trustedProxiesSchema = z
  .string()
  .optional()
  .transform((text, ctx): TrustedProxies => {
    const ranges: IpRange[] = [];
    for (const entry of (text ?? "").split(",").map((part) => part.trim())) {
      if (entry === "") continue;
      const parsed = parseIpRange(entry);
      if (parsed.ok) ranges.push(parsed.range);
      else ctx.addIssue({ code: "custom", message: `${parsed.message} (write CIDRs or addresses separated by commas, such as 10.0.0.0/8, ::1)` });
    }
    return ranges;
  });

/** Whether `address` is one of the trusted proxies. */
export function isTrustedProxy(proxies: TrustedProxies, address: IpAddress): boolean {
  for (const range of proxies) if (inRange(address, range.from, range.to)) return true;
  return false;
}
