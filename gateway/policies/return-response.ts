/**
 * `<return-response>` with optional `<set-status code reason />`, `<set-header>` and
 * `<set-body>`: ends the pipeline and answers the handshake with that response instead of
 * connecting the backend (APIM's default: 200 with no body). The status must be final (200–599;
 * 101 would pretend the upgrade happened). `response-variable-name` names a Response object made
 * by send-request, which Portcullis does not have: refused when saved.
 */
import { expressionFailure, refusalStatusProblem } from "./dynamic-values";
import { isExpression } from "./expressions/compile-expression";
import { definePolicy, type Decision, type Dynamic, type PolicyReader, type Refusal } from "./policy";
import { applySetValues, headerNameProblem, headerValueProblem, parseSetValues, type SetValuesConfig, type SetValuesRules, type ValueTarget } from "./set-header";
import type { XmlElement } from "./xml/xml-tree";

const NAME = "return-response";


interface ReturnResponseConfig {
  status: Dynamic<number> | null;
  statusText: Dynamic<string> | null;
  headers: SetValuesConfig[];
  body: Dynamic<string> | null;
}

/** Headers that frame the response on the wire; the gateway writes them (lower case). */
const FRAMING_HEADERS = new Set(["connection", "content-length", "transfer-encoding", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"]);

const RESPONSE_HEADER_RULES: SetValuesRules = {
  element: "set-header",
  checkName(name) {
    const problem = headerNameProblem(name);
    if (problem !== null) return problem;
    if (FRAMING_HEADERS.has(name.toLowerCase()))
      return `'${name}' cannot be set on a returned response: the gateway writes Connection, Content-Length, Transfer-Encoding and the other framing headers itself`;
    return null;
  },
  checkValue: headerValueProblem,
};

export const returnResponse = definePolicy<ReturnResponseConfig>({
  name: NAME,
  sections: ["inbound", "backend", "outbound", "on-error"],
  parse(element, reader) {
    const variable = element.attributes.find((a) => a.name === "response-variable-name");
    reader.attributes(element, { "response-variable-name": { type: "string" } });
    if (variable !== undefined)
      reader.error(variable, "'response-variable-name' is not supported: it names a response made by send-request, which Portcullis does not have; describe the response with <set-status>, <set-header> and <set-body>");

    const config: ReturnResponseConfig = { status: null, statusText: null, headers: [], body: null };
    let sawStatus = false;
    let sawBody = false;
    let ok = variable === undefined;
    for (const child of reader.children(element)) {
      if (child.name === "set-status") {
        if (sawStatus) reader.error(child, "<return-response> has more than one <set-status>");
        sawStatus = true;
        ok = readStatus(child, reader, config) && ok;
      } else if (child.name === "set-header") {
        const header = parseSetValues(child, reader, RESPONSE_HEADER_RULES);
        if (header === null) ok = false;
        else config.headers.push(header);
      } else if (child.name === "set-body") {
        if (sawBody) reader.error(child, "<return-response> has more than one <set-body>");
        sawBody = true;
        for (const attribute of child.attributes) reader.error(attribute, `<set-body> in <return-response> takes no attributes ('${attribute.name}'): the body is sent as written`);
        config.body = reader.text(child);
      } else {
        reader.error(child, `<return-response> contains <set-status>, <set-header> and <set-body>, not <${child.name}>`);
        ok = false;
      }
    }
    return ok ? config : null;
  },
  apply(config, ctx): Decision {
    const status = config.status ? config.status(ctx) : 200;
    const statusProblem = refusalStatusProblem(status);
    if (statusProblem !== null) return expressionFailure(NAME, `return-response: the set-status code expression gave ${statusProblem}`);
    const statusText = config.statusText ? config.statusText(ctx) : undefined;
    const textProblem = statusText === undefined ? null : headerValueProblem(statusText);
    if (textProblem !== null) return expressionFailure(NAME, `return-response: the set-status reason expression gave a value with ${textProblem}`);

    const headers = new ResponseHeaders();
    for (const header of config.headers) {
      const decision = applySetValues(header, headers, ctx, RESPONSE_HEADER_RULES);
      if (!decision.ok) return decision;
    }
    const response: Refusal = {
      ok: false,
      status,
      statusText,
      reason: "ReturnResponse",
      message: `return-response answered ${status}`,
      source: NAME,
      headers: headers.toRecord(),
      body: config.body ? config.body(ctx) : "",
    };
    return response;
  },
});

function readStatus(element: XmlElement, reader: PolicyReader, config: ReturnResponseConfig): boolean {
  const { code, reason } = reader.attributes(element, {
    code: { type: "integer", required: true, dynamic: true },
    reason: { type: "string", required: true, dynamic: true },
  });
  if (element.children.some((c) => c.kind === "element" || c.value.trim() !== "")) reader.error(element, "<set-status> takes no content");
  let ok = code !== undefined && reason !== undefined;
  const codeAttribute = element.attributes.find((a) => a.name === "code");
  if (code !== undefined && codeAttribute !== undefined && !isExpression(codeAttribute.value)) {
    const problem = refusalStatusProblem(Number(codeAttribute.value.trim()));
    if (problem !== null) {
      reader.error(codeAttribute, `'code' of <set-status>: ${problem}`);
      ok = false;
    }
  }
  const reasonAttribute = element.attributes.find((a) => a.name === "reason");
  if (reasonAttribute !== undefined && !isExpression(reasonAttribute.value)) {
    const problem = headerValueProblem(reasonAttribute.value);
    if (problem !== null) {
      reader.error(reasonAttribute, `'reason' of <set-status> contains ${problem}`);
      ok = false;
    }
  }
  config.status = code ?? null;
  config.statusText = reason ?? null;
  return ok;
}

/** The returned response's headers, as set-header changes them (names case-insensitive). */
class ResponseHeaders implements ValueTarget {
  private readonly byName = new Map<string, { name: string; values: string[] }>();

  has(name: string): boolean {
    return (this.byName.get(name.toLowerCase())?.values.length ?? 0) > 0;
  }

  set(name: string, values: string[]): void {
    this.byName.set(name.toLowerCase(), { name, values: values.slice() });
  }

  append(name: string, value: string): void {
    const entry = this.byName.get(name.toLowerCase());
    if (entry) entry.values.push(value);
    else this.set(name, [value]);
  }

  delete(name: string): void {
    this.byName.delete(name.toLowerCase());
  }

  /** One line per header; repeated values joined with ", " as HTTP allows for list-valued fields. */
  toRecord(): Record<string, string> {
    // No prototype: a header named __proto__ is a valid token and must stay a header.
    const record = Object.create(null) as Record<string, string>;
    for (const { name, values } of this.byName.values()) if (values.length > 0) record[name] = values.join(", ");
    return record;
  }
}

