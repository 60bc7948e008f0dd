import { describe, expect, it } from "vitest";
import { defaultPolicyDocument } from "@/components/policies/policy-documents";
import { CHECK_HEADER_DEFAULTS, checkHeaderXml } from "@/components/policies/snippets/check-header-snippet";
import { insertIntoInbound } from "@/components/policies/snippets/insert-into-inbound";
import { IP_FILTER_DEFAULTS, ipFilterXml } from "@/components/policies/snippets/ip-filter-snippet";
import {
  IDLE_TIMEOUT_DEFAULTS,
  idleTimeoutXml,
  LIMIT_MESSAGE_SIZE_DEFAULTS,
  limitMessageSizeXml,
  MAX_CONNECTION_DURATION_DEFAULTS,
  maxConnectionDurationXml,
  RATE_LIMIT_MESSAGES_DEFAULTS,
  rateLimitMessagesXml,
} from "@/components/policies/snippets/message-snippets";
import { RATE_LIMIT_BY_KEY_DEFAULTS, rateLimitByKeyXml } from "@/components/policies/snippets/rate-limit-by-key-snippet";
import { VALIDATE_JWT_DEFAULTS, validateJwtXml } from "@/components/policies/snippets/validate-jwt-snippet";
import { escapeXmlAttribute } from "@/components/policies/snippets/xml-writer";
import { validatePolicyDocument } from "@/gateway/policies/validate-policy-document";

/** The snippet put into the default document of `scope`, as the palette does with the cursor at 0. */
function inserted(snippet: string, scope: "global" | "product" | "api" = "api"): string {
  const doc = defaultPolicyDocument(scope);
  const change = insertIntoInbound(doc, 0, snippet)!;
  return doc.slice(0, change.from) + change.insert + doc.slice(change.to);
}

/** Asserts the validator the server runs finds nothing in the snippet, at every scope. */
function expectValid(snippet: string): void {
  for (const scope of ["global", "product", "api"] as const) {
    expect(validatePolicyDocument(inserted(snippet, scope), scope), `${scope}:\n${inserted(snippet, scope)}`).toEqual([]);
  }
}

const SECRET_B64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

describe("validate-jwt", () => {
  it("reads the Authorization header with the Bearer scheme and a signing key, audiences, issuers and a claim", () => {
    const xml = validateJwtXml({
      ...VALIDATE_JWT_DEFAULTS,
      failedValidationErrorMessage: "Unauthorized",
      signingKey: SECRET_B64,
      audiences: ["chat-api", " "],
      issuers: ["https://issuer.example.com/"],
      requiredClaims: [{ name: "role", values: ["admin", "ops"], match: "any" }],
    });
    expect(xml).toBe(
      [
        `<validate-jwt header-name="Authorization" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized" require-scheme="Bearer">`,
        `  <issuer-signing-keys>`,
        `    <key>${SECRET_B64}</key>`,
        `  </issuer-signing-keys>`,
        `  <audiences>`,
        `    <audience>chat-api</audience>`,
        `  </audiences>`,
        `  <issuers>`,
        `    <issuer>https://issuer.example.com/</issuer>`,
        `  </issuers>`,
        `  <required-claims>`,
        `    <claim name="role" match="any">`,
        `      <value>admin</value>`,
        `      <value>ops</value>`,
        `    </claim>`,
        `  </required-claims>`,
        `</validate-jwt>`,
      ].join("\n"),
    );
    expectValid(xml);
  });

  it("reads a query parameter with keys from OpenID metadata, without a scheme", () => {
    const xml = validateJwtXml({
      ...VALIDATE_JWT_DEFAULTS,
      source: "query",
      queryParameterName: "access_token",
      failedValidationHttpCode: 403,
      failedValidationErrorMessage: "Token <invalid> & \"refused\"",
      keySource: "openid-config",
      openIdConfigUrl: "https://login.example.com/.well-known/openid-configuration?a=1&b=2",
    });
    expect(xml).toBe(
      [
        `<validate-jwt query-parameter-name="access_token" failed-validation-httpcode="403" failed-validation-error-message="Token &lt;invalid&gt; &amp; &quot;refused&quot;">`,
        `  <openid-config url="https://login.example.com/.well-known/openid-configuration?a=1&amp;b=2" />`,
        `</validate-jwt>`,
      ].join("\n"),
    );
    expectValid(xml);
  });
});

describe("ip-filter", () => {
  it("writes addresses and ranges, one per line of the form", () => {
    const xml = ipFilterXml({ ...IP_FILTER_DEFAULTS, action: "forbid", entries: ["10.0.0.1", "", "192.168.1.1 - 192.168.1.255", "2001:db8::1"] });
    expect(xml).toBe(
      [
        `<ip-filter action="forbid">`,
        `  <address>10.0.0.1</address>`,
        `  <address-range from="192.168.1.1" to="192.168.1.255" />`,
        `  <address>2001:db8::1</address>`,
        `</ip-filter>`,
      ].join("\n"),
    );
    expectValid(xml);
  });
});

describe("rate-limit-by-key", () => {
  it("keeps the counter key's policy expression as written", () => {
    const xml = rateLimitByKeyXml(RATE_LIMIT_BY_KEY_DEFAULTS);
    expect(xml).toBe(`<rate-limit-by-key calls="10" renewal-period="60" counter-key="@(context.Request.IpAddress)" />`);
    expectValid(xml);
    const bySubscription = rateLimitByKeyXml({ calls: 5, renewalPeriod: 1, counterKey: "@(context.Subscription.Id)" });
    expect(bySubscription).toBe(`<rate-limit-by-key calls="5" renewal-period="1" counter-key="@(context.Subscription.Id)" />`);
    expectValid(bySubscription);
  });

  it("escapes a constant counter key", () => {
    expect(rateLimitByKeyXml({ calls: 1, renewalPeriod: 1, counterKey: `a"b<c` })).toBe(`<rate-limit-by-key calls="1" renewal-period="1" counter-key="a&quot;b&lt;c" />`);
  });
});

describe("check-header", () => {
  it("writes the header, the refusal and the allowed values", () => {
    const xml = checkHeaderXml({ ...CHECK_HEADER_DEFAULTS, name: "X-Client", failedCheckErrorMessage: "Unknown client", values: ["web", "mobile"] });
    expect(xml).toBe(
      [
        `<check-header name="X-Client" failed-check-httpcode="401" failed-check-error-message="Unknown client" ignore-case="true">`,
        `  <value>web</value>`,
        `  <value>mobile</value>`,
        `</check-header>`,
      ].join("\n"),
    );
    expectValid(xml);
  });
});

describe("message-level policies", () => {
  it("limit-message-size, rate-limit-messages, idle-timeout and max-connection-duration", () => {
    expect(limitMessageSizeXml(LIMIT_MESSAGE_SIZE_DEFAULTS)).toBe(`<limit-message-size max-bytes="65536" direction="both" />`);
    expect(rateLimitMessagesXml(RATE_LIMIT_MESSAGES_DEFAULTS)).toBe(`<rate-limit-messages calls="100" renewal-period="1" direction="inbound" />`);
    expect(idleTimeoutXml(IDLE_TIMEOUT_DEFAULTS)).toBe(`<idle-timeout seconds="300" />`);
    expect(maxConnectionDurationXml(MAX_CONNECTION_DURATION_DEFAULTS)).toBe(`<max-connection-duration seconds="7200" />`);
    for (const direction of ["both", "inbound", "outbound"] as const) {
      expectValid(limitMessageSizeXml({ maxBytes: 1024, direction }));
      expectValid(rateLimitMessagesXml({ calls: 10, renewalPeriod: 5, direction }));
    }
    expectValid(idleTimeoutXml(IDLE_TIMEOUT_DEFAULTS));
    expectValid(maxConnectionDurationXml(MAX_CONNECTION_DURATION_DEFAULTS));
  });
});

describe("escapeXmlAttribute", () => {
  it("escapes what would end or break the value", () => {
    expect(escapeXmlAttribute(`<a href="x">&`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;");
  });
});

describe("defaultPolicyDocument", () => {
  it("inherits in every section below global, and is valid at its scope", () => {
    expect(defaultPolicyDocument("api")).toBe(
      "<policies>\n  <inbound>\n    <base />\n  </inbound>\n  <backend>\n    <base />\n  </backend>\n  <outbound>\n    <base />\n  </outbound>\n  <on-error>\n    <base />\n  </on-error>\n</policies>",
    );
    expect(defaultPolicyDocument("product")).toBe(defaultPolicyDocument("api"));
    expect(defaultPolicyDocument("global")).toBe(
      "<policies>\n  <inbound>\n  </inbound>\n  <backend>\n  </backend>\n  <outbound>\n  </outbound>\n  <on-error>\n  </on-error>\n</policies>",
    );
    for (const scope of ["global", "product", "api"] as const) expect(validatePolicyDocument(defaultPolicyDocument(scope), scope)).toEqual([]);
  });
});

describe("insertIntoInbound", () => {
  const snippet = `<idle-timeout seconds="300" />`;
  const apply = (doc: string, cursor: number, text = snippet) => {
    const change = insertIntoInbound(doc, cursor, text)!;
    const result = doc.slice(0, change.from) + change.insert + doc.slice(change.to);
    expect(result.slice(change.snippetFrom, change.snippetTo)).toBe(text.split("\n").join("\n" + " ".repeat(4)));
    return result;
  };

  it("goes just before </inbound> when the cursor is elsewhere, after <base />", () => {
    const doc = defaultPolicyDocument("api");
    expect(apply(doc, doc.indexOf("<outbound>"))).toBe(doc.replace("    <base />\n  </inbound>", `    <base />\n    ${snippet}\n  </inbound>`));
  });

  it("goes at the cursor inside <inbound>, on a line of its own", () => {
    const doc = defaultPolicyDocument("api");
    // Cursor at the start of "<base />": the snippet goes above it.
    expect(apply(doc, doc.indexOf("<base />"))).toBe(doc.replace("    <base />\n  </inbound>", `    ${snippet}\n    <base />\n  </inbound>`));
    // Cursor inside "<base />": the snippet goes after that element, never inside it.
    expect(apply(doc, doc.indexOf("<base />") + 3)).toBe(doc.replace("    <base />\n  </inbound>", `    <base />\n    ${snippet}\n  </inbound>`));
  });

  it("fills an empty line the cursor is on", () => {
    const doc = "<policies>\n  <inbound>\n    <base />\n\n  </inbound>\n</policies>";
    expect(apply(doc, doc.indexOf("\n\n") + 1)).toBe(`<policies>\n  <inbound>\n    <base />\n    ${snippet}\n  </inbound>\n</policies>`);
  });

  it("indents a multi-line snippet like its neighbours", () => {
    const doc = defaultPolicyDocument("api");
    const jwt = validateJwtXml({ ...VALIDATE_JWT_DEFAULTS, signingKey: SECRET_B64, failedValidationErrorMessage: "Unauthorized" });
    expect(apply(doc, 0, jwt)).toBe(
      doc.replace(
        "    <base />\n  </inbound>",
        [
          `    <base />`,
          `    <validate-jwt header-name="Authorization" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized" require-scheme="Bearer">`,
          `      <issuer-signing-keys>`,
          `        <key>${SECRET_B64}</key>`,
          `      </issuer-signing-keys>`,
          `    </validate-jwt>`,
          `  </inbound>`,
        ].join("\n"),
      ),
    );
  });

  it("creates <inbound> first in <policies> when it is missing", () => {
    expect(apply("<policies>\n  <backend>\n    <base />\n  </backend>\n</policies>", 0)).toBe(
      `<policies>\n  <inbound>\n    ${snippet}\n  </inbound>\n  <backend>\n    <base />\n  </backend>\n</policies>`,
    );
    expect(apply("<policies />", 5)).toBe(`<policies>\n  <inbound>\n    ${snippet}\n  </inbound>\n</policies>`);
  });

  it("opens a self-closing <inbound />", () => {
    expect(apply("<policies>\n  <inbound />\n</policies>", 0)).toBe(`<policies>\n  <inbound>\n    ${snippet}\n  </inbound>\n</policies>`);
  });

  it("splits a one-line <inbound> so the snippet has its own line", () => {
    expect(apply("<policies>\n  <inbound><base /></inbound>\n</policies>", 0)).toBe(`<policies>\n  <inbound><base />\n    ${snippet}\n  </inbound>\n</policies>`);
  });

  it("is not fooled by comments or by '>' inside a policy expression", () => {
    const doc = `<policies>\n  <!-- <inbound> is below -->\n  <inbound>\n    <set-variable name="x" value="@(1 > 0 ? "a" : "b")" />\n  </inbound>\n</policies>`;
    expect(apply(doc, doc.indexOf("1 > 0"))).toBe(doc.replace(`"b")" />\n`, `"b")" />\n    ${snippet}\n`));
  });

  it("writes a whole document into an empty editor, and refuses text with no <policies>", () => {
    expect(apply("", 0)).toBe(`<policies>\n  <inbound>\n    ${snippet}\n  </inbound>\n</policies>\n`);
    expect(insertIntoInbound("hello", 0, snippet)).toBeNull();
  });

  it("refuses a document the gateway's parser refuses, rather than guessing where <inbound> is", () => {
    expect(insertIntoInbound("<policies>\n  <inbound>\n    <base />\n</policies>", 0, snippet)).toBeNull();
    expect(insertIntoInbound("<policies>\n  <inbound>\n    <base\n  </inbound>\n</policies>", 0, snippet)).toBeNull();
  });
});
