/**
 * `<set-header name exists-action="override|skip|append|delete"><value>…</value></set-header>`:
 * changes a header of the handshake request the backend receives.
 *
 * As APIM does on onHandshake, the headers that make the WebSocket handshake (Host, Connection,
 * Upgrade, Sec-WebSocket-*) and the hop-by-hop and framing ones cannot be changed: a constant
 * name is refused when saved, a name produced by an expression refuses the handshake.
 * Header injection is impossible: a constant value with a line break (or any character HTTP
 * does not allow in a field) is refused when saved; an expression that produces one refuses
 * the handshake with 500 rather than dropping the header, since a dropped header (a credential,
 * a tenant id) would reach the backend silently changed.
 *
 * The parsing and the exists-action logic are shared with set-query-parameter and with
 * return-response's `<set-header>`.
 */
import { expressionFailure, rawText } from "./dynamic-values";
import { isExpression } from "./expressions/compile-expression";
import { CONTINUE, definePolicy, type Decision, type Dynamic, type PolicyContext, type PolicyReader } from "./policy";
import type { XmlElement } from "./xml/xml-tree";

export const EXISTS_ACTIONS = ["override", "skip", "append", "delete"] as const;
export type ExistsAction = (typeof EXISTS_ACTIONS)[number];

/** A set-header or set-query-parameter, read. */
export interface SetValuesConfig {
  name: string | Dynamic<string>;
  action: ExistsAction | Dynamic<string>;
  values: Dynamic<string>[];
}

/** What may be set, per target; each check returns a problem or null. */
export interface SetValuesRules {
  /** The element's name, for messages. */
  element: string;
  checkName(name: string): string | null;
  checkValue(value: string): string | null;
}

/** The collection a SetValuesConfig changes (PolicyHeaders and PolicyQuery both fit). */
export interface ValueTarget {
  has(name: string): boolean;
  set(name: string, values: string[]): void;
  append(name: string, value: string): void;
  delete(name: string): void;
}

/** The handshake's own headers: the gateway writes these, so policies may not (lower case). */
const HANDSHAKE_MANAGED_HEADERS: ReadonlySet<string> = new Set([
  "host",
  "connection",
  "upgrade",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-accept",
  "sec-websocket-extensions",
  "sec-websocket-protocol",
  "content-length",
  "transfer-encoding",
  // The other hop-by-hop headers (RFC 9110 §7.6.1), which gateway/handshake/backend-request.ts drops.
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
]);

/** RFC 9110 §5.6.2 token: what a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `name` is a valid HTTP field name. */
function isToken(name: string): boolean {
  return TOKEN.test(name);
}

/** Why `name` is not a valid header name, or null. */
export function headerNameProblem(name: string): string | null {
  if (name === "") return "a header name cannot be empty";
  if (!isToken(name)) return `'${name}' is not a valid header name: use letters, digits and !#$%&'*+-.^_\`|~ (no spaces or colons)`;
  return null;
}

/**
 * Why `value` cannot be sent as a header value, or null. Allowed: tab, visible ASCII, space and
 * Latin-1 (what Node's HTTP client accepts); everything else, line breaks first, is refused.
 */
export function headerValueProblem(value: string): string | null {
  const bad = /[^\t\x20-\x7e\x80-\xff]/.exec(value);
  if (bad === null) return null;
  const c = bad[0];
  if (c === "\r" || c === "\n") return "a line break (CR or LF), which would let it add headers of its own";
  if (c === "\0") return "a NUL character";
  const code = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return code < "0080" ? `the control character U+${code}` : `'${c}' (U+${code}), which an HTTP header cannot carry`;
}

const REQUEST_HEADER_RULES: SetValuesRules = {
  element: "set-header",
  checkName(name) {
    const problem = headerNameProblem(name);
    if (problem !== null) return problem;
    if (HANDSHAKE_MANAGED_HEADERS.has(name.toLowerCase()))
      return `set-header cannot change '${name}' on onHandshake: the gateway itself sets Host, Connection, Upgrade, the Sec-WebSocket-* headers, Content-Length, Transfer-Encoding and the other hop-by-hop headers of the handshake`;
    return null;
  },
  checkValue: headerValueProblem,
};

export const setHeader = definePolicy<SetValuesConfig>({
  name: "set-header",
  sections: ["inbound", "backend", "outbound", "on-error"],
  parse: (element, reader) => parseSetValues(element, reader, REQUEST_HEADER_RULES),
  apply: (config, ctx) => applySetValues(config, ctx.request.headers, ctx, REQUEST_HEADER_RULES),
});

/** Reads a set-header / set-query-parameter element by `rules`; null when it reported an error. */
export function parseSetValues(element: XmlElement, reader: PolicyReader, rules: SetValuesRules): SetValuesConfig | null {
  const tag = `<${rules.element}>`;
  const attrs = reader.attributes(element, {
    name: { type: "string", required: true, dynamic: true },
    "exists-action": { type: "string", dynamic: true },
  });
  let ok = true;
  let name: SetValuesConfig["name"] | undefined = attrs.name;
  const nameAttribute = element.attributes.find((a) => a.name === "name");
  if (nameAttribute !== undefined && !isExpression(nameAttribute.value)) {
    name = nameAttribute.value.trim();
    const problem = rules.checkName(name);
    if (problem !== null) {
      reader.error(nameAttribute, problem);
      ok = false;
    }
  }

  let action: SetValuesConfig["action"] = "override";
  const actionAttribute = element.attributes.find((a) => a.name === "exists-action");
  if (actionAttribute !== undefined) {
    if (isExpression(actionAttribute.value)) action = attrs["exists-action"] ?? "override";
    else {
      const constant = toExistsAction(actionAttribute.value);
      if (constant === undefined) {
        reader.error(actionAttribute, `'exists-action' of ${tag} must be one of ${EXISTS_ACTIONS.map((a) => `'${a}'`).join(", ")}, not '${actionAttribute.value}'`);
        ok = false;
      } else action = constant;
    }
  }

  const values: Dynamic<string>[] = [];
  let valueElements = 0;
  let strayChildren = false;
  for (const child of reader.children(element)) {
    if (child.name === "value") valueElements++;
    if (child.name !== "value") {
      strayChildren = true;
      reader.error(child, `${tag} contains <value> elements, not <${child.name}>`);
      ok = false;
      continue;
    }
    reader.noAttributes(child);
    const text = rawText(child);
    if (!isExpression(text)) {
      const problem = rules.checkValue(text);
      if (problem !== null) {
        reader.error(child, `a <value> of ${tag} contains ${problem}`);
        ok = false;
        continue;
      }
    }
    values.push(reader.text(child) ?? (() => ""));
  }
  if (action === "delete" && valueElements > 0) reader.warning(element, `${tag} with exists-action="delete" ignores its <value> elements`);
  if (typeof action === "string" && action !== "delete" && valueElements === 0 && !strayChildren) {
    reader.error(element, `${tag} needs at least one <value> (only exists-action="delete" takes none)`);
    ok = false;
  }
  if (!ok || name === undefined) return null;
  return { name, action, values };
}

/** Applies `config` to `target` at a handshake, checking what expressions produced. */
export function applySetValues(config: SetValuesConfig, target: ValueTarget, ctx: PolicyContext, rules: SetValuesRules): Decision {
  let name: string;
  if (typeof config.name === "function") {
    name = config.name(ctx).trim();
    const problem = rules.checkName(name);
    if (problem !== null) return expressionFailure(rules.element, `${rules.element}: a name from an expression was refused: ${problem}`);
  } else name = config.name;

  const action = typeof config.action === "function" ? toExistsAction(config.action(ctx)) : config.action;
  if (action === undefined) return expressionFailure(rules.element, `${rules.element}: the exists-action expression must give override, skip, append or delete`);
  if (action === "delete") {
    target.delete(name);
    return CONTINUE;
  }
  if (action === "skip" && target.has(name)) return CONTINUE;

  const values: string[] = [];
  for (const evaluate of config.values) {
    const value = evaluate(ctx);
    const problem = rules.checkValue(value);
    if (problem !== null) return expressionFailure(rules.element, `${rules.element} '${name}': an expression gave a value with ${problem}; the handshake was refused`);
    values.push(value);
  }
  if (values.length === 0) return CONTINUE;
  if (action === "append") for (const value of values) target.append(name, value);
  else target.set(name, values);
  return CONTINUE;
}

function toExistsAction(value: string): ExistsAction | undefined {
  const lower = value.trim().toLowerCase();
  return EXISTS_ACTIONS.find((a) => a === lower);
}
