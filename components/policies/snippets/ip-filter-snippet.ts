/** The palette's `<ip-filter>`: one address or range per entry. */
import { element, textElement } from "./xml-writer";

export interface IpFilterInput {
  action: "allow" | "forbid";
  /** One address (`10.0.0.1`) or range (`10.0.0.1-10.0.0.255`) per entry. */
  entries: string[];
}

export const IP_FILTER_DEFAULTS: IpFilterInput = { action: "allow", entries: [] };

/** An entry of the ip-filter form as an address or a range; a range is two addresses joined by '-'. */
export function parseIpFilterEntry(entry: string): { address: string } | { from: string; to: string } {
  const range = /^(\S+)\s*-\s*(\S+)$/.exec(entry.trim());
  return range ? { from: range[1]!, to: range[2]! } : { address: entry.trim() };
}

/** `<ip-filter>` with one `<address>` or `<address-range>` per entry. */
export function ipFilterXml(input: IpFilterInput): string {
  const children = input.entries
    .filter((e) => e.trim() !== "")
    .map((entry) => {
      const parsed = parseIpFilterEntry(entry);
      return "address" in parsed
        ? textElement("address", parsed.address)
        : element("address-range", [
            ["from", parsed.from],
            ["to", parsed.to],
          ]);
    });
  return element("ip-filter", [["action", input.action]], children);
}
