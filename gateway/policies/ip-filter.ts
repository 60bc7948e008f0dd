/**
 * `<ip-filter action="allow|forbid">` with `<address>` and `<address-range from to />`: lets
 * through (or keeps out) callers by IP address. Rules are parsed into numbers once, when the
 * document is read; IPv4 and IPv4-mapped IPv6 are one address (see ip/ip-address.ts).
 *
 * Refusals are APIM's: 403, reason CallerIpNotAllowed / CallerIpBlocked / FailedToParseCallerIP
 * with APIM's LastError message for the log, and the body APIM sends,
 * `{"statusCode": 403, "message": "Forbidden"}`.
 */
import { expressionFailure, rawText } from "./dynamic-values";
import { isExpression } from "./expressions/compile-expression";
import { inRange, parseCallerAddress, parseIpAddress, type IpAddress } from "./ip/ip-address";
import { CONTINUE, definePolicy, type Decision, type Dynamic, type PolicyContext, type PolicyReader, type Refusal } from "./policy";
import type { XmlElement } from "./xml/xml-tree";

const NAME = "ip-filter";
const ACTIONS = ["allow", "forbid"] as const;
type Action = (typeof ACTIONS)[number];

interface Range {
  from: IpAddress;
  to: IpAddress;
}

interface IpFilterConfig {
  action: Action | Dynamic<string>;
  /** Constant `<address>` and `<address-range>` rules (an address is a range of one). */
  ranges: Range[];
  /** `<address>` elements holding expressions, parsed per handshake. */
  dynamicAddresses: Dynamic<string>[];
}

export const ipFilter = definePolicy<IpFilterConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, { action: { type: "string", required: true, dynamic: true } });
    const rawAction = element.attributes.find((a) => a.name === "action");
    let action: IpFilterConfig["action"] | undefined = attrs.action;
    if (rawAction !== undefined && !isExpression(rawAction.value)) {
      action = toAction(rawAction.value);
      if (action === undefined) reader.error(rawAction, actionMessage(rawAction.value));
    }

    const ranges: Range[] = [];
    const dynamicAddresses: Dynamic<string>[] = [];
    const children = reader.children(element);
    for (const child of children) {
      if (child.name === "address") readAddress(child, reader, ranges, dynamicAddresses);
      else if (child.name === "address-range") readRange(child, reader, ranges);
      else reader.error(child, `<ip-filter> contains <address> and <address-range> elements, not <${child.name}>`);
    }
    if (children.length === 0) reader.error(element, "<ip-filter> needs at least one <address> or <address-range>");
    if (action === undefined) return null;
    return { action, ranges, dynamicAddresses };
  },
  apply(config, ctx) {
    const caller = parseCallerAddress(ctx.request.ipAddress);
    if (!caller.ok) return forbidden("FailedToParseCallerIP", "Failed to establish IP address for the caller. Access denied.");
    const action = typeof config.action === "function" ? toAction(config.action(ctx)) : config.action;
    if (action === undefined) return expressionFailure(NAME, `ip-filter: the action expression must give 'allow' or 'forbid'`);
    const matched = matches(config, caller.address, ctx);
    if (typeof matched !== "boolean") return matched;
    if (action === "allow" && !matched)
      return forbidden("CallerIpNotAllowed", `Caller IP address ${ctx.request.ipAddress} is not allowed. Access denied.`);
    if (action === "forbid" && matched) return forbidden("CallerIpBlocked", "Caller IP address is blocked. Access denied.");
    return CONTINUE;
  },
});

function matches(config: IpFilterConfig, caller: IpAddress, ctx: PolicyContext): boolean | Refusal {
  for (const range of config.ranges) if (inRange(caller, range.from, range.to)) return true;
  for (const evaluate of config.dynamicAddresses) {
    const text = evaluate(ctx).trim();
    const parsed = parseIpAddress(text);
    if (!parsed.ok) return expressionFailure(NAME, `ip-filter: an <address> expression gave ${parsed.message}`);
    if (parsed.address.value === caller.value) return true;
  }
  return false;
}

const FORBIDDEN_BODY = JSON.stringify({ statusCode: 403, message: "Forbidden" });

function forbidden(reason: string, message: string): Decision {
  return {
    ok: false,
    status: 403,
    reason,
    message,
    source: NAME,
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: FORBIDDEN_BODY,
  };
}

function toAction(value: string): Action | undefined {
  const lower = value.trim().toLowerCase();
  return ACTIONS.find((a) => a === lower);
}

function actionMessage(value: string): string {
  return `'action' of <ip-filter> must be one of 'allow', 'forbid', not '${value}'`;
}

function readAddress(element: XmlElement, reader: PolicyReader, ranges: Range[], dynamicAddresses: Dynamic<string>[]): void {
  reader.noAttributes(element);
  const text = rawText(element);
  const at = element.children.find((c) => c.kind === "text" && c.value.trim() !== "") ?? element;
  if (element.children.some((c) => c.kind === "element")) {
    reader.error(element, "<address> contains an IP address, not elements");
    return;
  }
  if (text === "") {
    reader.error(element, "<address> is empty: write an IP address such as 203.0.113.7 or 2001:db8::7");
    return;
  }
  if (isExpression(text)) {
    const evaluate = reader.text(element);
    if (evaluate !== null) dynamicAddresses.push(evaluate);
    return;
  }
  const parsed = parseIpAddress(text);
  if (!parsed.ok) {
    reader.error(at, text.includes("/") ? `${parsed.message}: use <address-range from="…" to="…" /> for a block of addresses` : parsed.message);
    return;
  }
  ranges.push({ from: parsed.address, to: parsed.address });
}

function readRange(element: XmlElement, reader: PolicyReader, ranges: Range[]): void {
  const { from, to } = reader.attributes(element, { from: { type: "string", required: true }, to: { type: "string", required: true } });
  if (element.children.some((c) => c.kind === "element" || c.value.trim() !== "")) reader.error(element, "<address-range> takes no content: write <address-range from=\"…\" to=\"…\" />");
  if (from === undefined || to === undefined) return;
  const attribute = (name: string) => element.attributes.find((a) => a.name === name)!;
  const start = parseIpAddress(from.trim());
  const end = parseIpAddress(to.trim());
  if (!start.ok) reader.error(attribute("from"), `'from' of <address-range>: ${start.message}`);
  if (!end.ok) reader.error(attribute("to"), `'to' of <address-range>: ${end.message}`);
  if (!start.ok || !end.ok) return;
  if (start.address.v4 !== end.address.v4) {
    reader.error(element, `<address-range> mixes IPv4 and IPv6 ('${from.trim()}' to '${to.trim()}'): write one range per family`);
    return;
  }
  if (start.address.value > end.address.value) {
    reader.error(element, `<address-range> is backwards: 'from' (${from.trim()}) comes after 'to' (${to.trim()})`);
    return;
  }
  ranges.push({ from: start.address, to: end.address });
}
