/**
 * What the editor completes as you type (`<` then a policy name, a space then an attribute):
 * the policies that run on onHandshake (DESIGN.md §4) with APIM's attribute names. Completion
 * only; what is valid is the validator's business.
 */
import type { AttrSpec, ElementSpec } from "@codemirror/lang-xml";

const SECTIONS = ["inbound", "backend", "outbound", "on-error"];
const DIRECTIONS = ["both", "inbound", "outbound"];
const BOOL = ["true", "false"];
const EXISTS_ACTIONS = ["override", "skip", "append", "delete"];
const COUNTER_KEYS = ["@(context.Request.IpAddress)", "@(context.Subscription.Id)", "@(context.User.Id)", "@(context.Api.Id)"];

const attr = (name: string, values?: readonly string[]): AttrSpec => (values ? { name, values } : { name });

/** Policies allowed directly in a section or in a `<when>` / `<otherwise>` branch. */
const POLICIES: ElementSpec[] = [
  {
    name: "validate-jwt",
    attributes: [
      attr("header-name", ["Authorization"]),
      attr("query-parameter-name"),
      attr("token-value"),
      attr("failed-validation-httpcode", ["401", "403"]),
      attr("failed-validation-error-message"),
      attr("require-expiration-time", BOOL),
      attr("require-scheme", ["Bearer"]),
      attr("require-signed-tokens", BOOL),
      attr("clock-skew"),
      attr("output-token-variable-name"),
    ],
    children: ["openid-config", "issuer-signing-keys", "audiences", "issuers", "required-claims"],
  },
  { name: "ip-filter", attributes: [attr("action", ["allow", "forbid"])], children: ["address", "address-range"] },
  {
    name: "check-header",
    attributes: [attr("name"), attr("failed-check-httpcode", ["401", "403"]), attr("failed-check-error-message"), attr("ignore-case", BOOL)],
    children: ["value"],
  },
  { name: "rate-limit", attributes: [attr("calls"), attr("renewal-period"), attr("remaining-calls-header-name"), attr("retry-after-header-name"), attr("total-calls-header-name")], children: [] },
  {
    name: "rate-limit-by-key",
    attributes: [attr("calls"), attr("renewal-period"), attr("counter-key", COUNTER_KEYS), attr("increment-condition"), attr("remaining-calls-header-name"), attr("retry-after-header-name")],
    children: [],
  },
  { name: "quota", attributes: [attr("calls"), attr("bandwidth"), attr("renewal-period")], children: [] },
  {
    name: "quota-by-key",
    attributes: [attr("calls"), attr("bandwidth"), attr("renewal-period"), attr("counter-key", COUNTER_KEYS), attr("increment-condition"), attr("first-period-start")],
    children: [],
  },
  { name: "set-header", attributes: [attr("name"), attr("exists-action", EXISTS_ACTIONS)], children: ["value"] },
  { name: "set-query-parameter", attributes: [attr("name"), attr("exists-action", EXISTS_ACTIONS)], children: ["value"] },
  { name: "authentication-basic", attributes: [attr("username"), attr("password")], children: [] },
  { name: "set-backend-service", attributes: [attr("base-url")], children: [] },
  { name: "set-variable", attributes: [attr("name"), attr("value")], children: [] },
  { name: "return-response", attributes: [attr("response-variable-name")], children: ["set-status", "set-header", "set-body"] },
  { name: "choose", children: ["when", "otherwise"] },
  { name: "limit-message-size", attributes: [attr("max-bytes", ["65536"]), attr("direction", DIRECTIONS)], children: [] },
  { name: "rate-limit-messages", attributes: [attr("calls"), attr("renewal-period"), attr("direction", DIRECTIONS)], children: [] },
  { name: "idle-timeout", attributes: [attr("seconds", ["300"])], children: [] },
  { name: "max-connection-duration", attributes: [attr("seconds", ["7200"])], children: [] },
];

const POLICY_NAMES = POLICIES.map((p) => p.name);

/** The schema the XML language's completion source reads. */
export const POLICY_ELEMENTS: ElementSpec[] = [
  { name: "policies", top: true, children: SECTIONS },
  ...SECTIONS.map((name) => ({ name, children: ["base", ...POLICY_NAMES] })),
  { name: "base", children: [] },
  ...POLICIES,
  { name: "openid-config", attributes: [attr("url")], children: [] },
  { name: "issuer-signing-keys", children: ["key"] },
  { name: "key", children: [] },
  { name: "audiences", children: ["audience"] },
  { name: "audience", children: [] },
  { name: "issuers", children: ["issuer"] },
  { name: "issuer", children: [] },
  { name: "required-claims", children: ["claim"] },
  { name: "claim", attributes: [attr("name"), attr("match", ["all", "any"]), attr("separator")], children: ["value"] },
  { name: "value", children: [] },
  { name: "address", children: [] },
  { name: "address-range", attributes: [attr("from"), attr("to")], children: [] },
  { name: "when", attributes: [attr("condition")], children: POLICY_NAMES },
  { name: "otherwise", children: POLICY_NAMES },
  { name: "set-status", attributes: [attr("code"), attr("reason")], children: [] },
  { name: "set-body", children: [] },
];
