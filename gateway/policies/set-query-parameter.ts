/**
 * `<set-query-parameter name exists-action="override|skip|append|delete"><value>…</value>`:
 * changes the query string the backend receives. Same shape and exists-action rules as
 * set-header (see set-header.ts). Names are case-sensitive, as APIM's are. Any value is
 * allowed: the gateway percent-encodes names and values when it rebuilds the query, so a
 * value cannot break out of it.
 */
import { definePolicy } from "./policy";
import { applySetValues, parseSetValues, type SetValuesConfig, type SetValuesRules } from "./set-header";

const RULES: SetValuesRules = {
  element: "set-query-parameter",
  checkName: (name) => (name === "" ? "a query parameter name cannot be empty" : null),
  checkValue: () => null,
};

export const setQueryParameter = definePolicy<SetValuesConfig>({
  name: "set-query-parameter",
  sections: ["inbound", "backend"],
  parse: (element, reader) => parseSetValues(element, reader, RULES),
  apply: (config, ctx) => applySetValues(config, ctx.request.url.query, ctx, RULES),
});
