/**
 * `<check-header name failed-check-httpcode failed-check-error-message ignore-case>` with
 * optional `<value>` children: the handshake must carry the header and, when values are listed,
 * every occurrence of it must equal one of them (names are case-insensitive, as in HTTP;
 * `ignore-case` applies to the values). Requiring every occurrence keeps a client from adding a
 * second, unchecked copy of the header next to an accepted one.
 * Refuses with the policy's status and message; reasons are APIM's HeaderNotFound and
 * HeaderValueNotAllowed.
 */
import { expressionFailure, refusalStatusProblem } from "./dynamic-values";
import { isExpression } from "./expressions/compile-expression";
import { CONTINUE, definePolicy, type Dynamic, type PolicyContext } from "./policy";
import { headerNameProblem } from "./set-header";

const NAME = "check-header";

interface CheckHeaderConfig {
  name: Dynamic<string>;
  status: Dynamic<number>;
  message: Dynamic<string>;
  ignoreCase: Dynamic<boolean>;
  values: Dynamic<string>[];
}

export const checkHeader = definePolicy<CheckHeaderConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, {
      name: { type: "string", required: true, dynamic: true },
      "failed-check-httpcode": { type: "integer", required: true, dynamic: true },
      "failed-check-error-message": { type: "string", required: true, dynamic: true },
      "ignore-case": { type: "boolean", required: true, dynamic: true },
    });
    const raw = (name: string) => element.attributes.find((a) => a.name === name);
    const nameAttribute = raw("name");
    if (nameAttribute !== undefined && !isExpression(nameAttribute.value)) {
      const problem = headerNameProblem(nameAttribute.value.trim());
      if (problem !== null) reader.error(nameAttribute, problem);
    }
    const statusAttribute = raw("failed-check-httpcode");
    if (statusAttribute !== undefined && !isExpression(statusAttribute.value) && attrs["failed-check-httpcode"] !== undefined) {
      const problem = refusalStatusProblem(Number(statusAttribute.value.trim()));
      if (problem !== null) reader.error(statusAttribute, `'failed-check-httpcode' of <check-header>: ${problem}`);
    }

    const values: Dynamic<string>[] = [];
    for (const child of reader.childrenNamed(element, "value")) {
      reader.noAttributes(child);
      values.push(reader.text(child) ?? (() => ""));
    }
    const { name, "failed-check-httpcode": status, "failed-check-error-message": message, "ignore-case": ignoreCase } = attrs;
    if (name === undefined || status === undefined || message === undefined || ignoreCase === undefined) return null;
    return { name: (ctx) => name(ctx).trim(), status, message, ignoreCase, values };
  },
  apply(config, ctx) {
    const name = config.name(ctx);
    const present = ctx.request.headers.getAll(name);
    if (present.length === 0) return refuse(config, ctx, "HeaderNotFound");
    if (config.values.length === 0) return CONTINUE;
    const ignoreCase = config.ignoreCase(ctx);
    const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
    const allowed = new Set(config.values.map((v) => fold(v(ctx))));
    for (const value of present) if (!allowed.has(fold(value.trim()))) return refuse(config, ctx, "HeaderValueNotAllowed");
    return CONTINUE;
  },
});

function refuse(config: CheckHeaderConfig, ctx: PolicyContext, reason: string) {
  const status = config.status(ctx);
  const problem = refusalStatusProblem(status);
  if (problem !== null) return expressionFailure(NAME, `check-header: the failed-check-httpcode expression gave ${problem}`);
  return { ok: false as const, status, reason, message: config.message(ctx), source: NAME };
}
