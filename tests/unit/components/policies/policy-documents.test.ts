import { describe, expect, it } from "vitest";
import { dedentElement, offsetOf, policyPath, problemSummary, serverProblems } from "@/components/policies/policy-documents";
import { buildIpFilter, buildRateLimitByKey, buildValidateJwt, parseWholeNumber, RATE_LIMIT_BY_KEY_FIELDS, VALIDATE_JWT_FIELDS } from "@/components/policies/policy-form-model";

describe("policyPath", () => {
  it("names each scope's document in the management API", () => {
    expect(policyPath({ scope: "global" })).toBe("/policies/policy");
    expect(policyPath({ scope: "product", id: "gold" })).toBe("/products/gold/policies/policy");
    expect(policyPath({ scope: "api", id: "chat v2" })).toBe("/apis/chat%20v2/policies/policy");
  });
});

describe("serverProblems", () => {
  const text = "<policies>\n  <inbound>\n    <base />\n    <valdate-jwt />\n  </inbound>\n</policies>";

  it("locates 'line L, column C: message' details in the text", () => {
    expect(serverProblems([{ target: "properties.value", message: "line 4, column 6: unknown policy <valdate-jwt>" }], text)).toEqual([
      { message: "Unknown policy <valdate-jwt>", line: 4, column: 6, offset: text.indexOf("valdate-jwt") },
    ]);
  });

  it("reads the well-formedness check's '(line L, column C)' too, and keeps other targets' names", () => {
    expect(serverProblems([{ target: "properties.value", message: "is not well-formed XML (line 2, column 3): expected </inbound>" }], text)).toEqual([
      { message: "Expected </inbound>", line: 2, column: 3, offset: text.indexOf("<inbound>") },
    ]);
    expect(serverProblems([{ target: "properties.format", message: "must be one of xml, rawxml" }], text)).toEqual([
      { message: "Properties.format must be one of xml, rawxml", line: null, column: null, offset: null },
    ]);
  });
});

describe("offsetOf", () => {
  it("counts LF, CRLF and lone CR line ends, and clamps to the text", () => {
    expect(offsetOf("ab\ncd", 2, 2)).toBe(4);
    expect(offsetOf("ab\r\ncd", 2, 1)).toBe(4);
    expect(offsetOf("ab\rcd", 2, 1)).toBe(3);
    expect(offsetOf("ab", 9, 9)).toBe(2);
  });
});

describe("problemSummary", () => {
  it("says how many problems of each kind", () => {
    expect(problemSummary({ errors: 0, warnings: 0 })).toBe("No problems");
    expect(problemSummary({ errors: 1, warnings: 0 })).toBe("1 error");
    expect(problemSummary({ errors: 2, warnings: 1 })).toBe("2 errors, 1 warning");
    expect(problemSummary({ errors: 0, warnings: 3 })).toBe("3 warnings");
  });
});

describe("dedentElement", () => {
  it("re-aligns an element cut from its document (its first line lost its indentation)", () => {
    expect(dedentElement('<ip-filter action="allow">\n      <address>10.0.0.1</address>\n    </ip-filter>')).toBe('<ip-filter action="allow">\n  <address>10.0.0.1</address>\n</ip-filter>');
    expect(dedentElement("  <idle-timeout seconds=\"300\" />")).toBe('<idle-timeout seconds="300" />');
  });
});

describe("palette forms", () => {
  it("say what is wrong with a number", () => {
    expect(parseWholeNumber("")).toBe("Required.");
    expect(parseWholeNumber("1.5")).toBe("Enter a whole number.");
    expect(parseWholeNumber("0")).toBe("Must be at least 1.");
    expect(parseWholeNumber("600", { max: 300 })).toBe("Must be at most 300.");
    expect(parseWholeNumber(" 42 ")).toBe(42);
  });

  it("validate-jwt needs a base64 key or an OpenID configuration URL", () => {
    expect(buildValidateJwt(VALIDATE_JWT_FIELDS)).toEqual({ ok: false, errors: { signingKey: "Required: the base64 of the secret that signs the tokens." } });
    expect(buildValidateJwt({ ...VALIDATE_JWT_FIELDS, signingKey: "not base64!" })).toEqual({
      ok: false,
      errors: { signingKey: "Not base64: use A–Z, a–z, 0–9, + and / (or - and _), with = padding." },
    });
    expect(buildValidateJwt({ ...VALIDATE_JWT_FIELDS, keySource: "openid-config", openIdConfigUrl: "login.example.com" })).toEqual({
      ok: false,
      errors: { openIdConfigUrl: "Enter an https:// URL." },
    });
    expect(buildValidateJwt({ ...VALIDATE_JWT_FIELDS, signingKey: "c2VjcmV0", failedValidationHttpCode: "200", claims: [{ name: "", values: "admin", match: "all" }] })).toEqual({
      ok: false,
      errors: { failedValidationHttpCode: "Must be at least 400.", "claim-0": "Name the claim these values are for." },
    });
    expect(buildValidateJwt({ ...VALIDATE_JWT_FIELDS, signingKey: "c2VjcmV0" }).ok).toBe(true);
  });

  it("ip-filter names the line that is not an address", () => {
    expect(buildIpFilter({ action: "allow", addresses: "" })).toEqual({ ok: false, errors: { addresses: "Enter at least one address or range." } });
    expect(buildIpFilter({ action: "allow", addresses: "10.0.0.1\n10.0.0.1-10.0.0.300" })).toEqual({ ok: false, errors: { addresses: "Line 2: “10.0.0.300” is not an IP address." } });
    expect(buildIpFilter({ action: "forbid", addresses: "10.0.0.1\n::1\n10.0.0.1 - 10.0.0.9" })).toEqual({
      ok: true,
      xml: '<ip-filter action="forbid">\n  <address>10.0.0.1</address>\n  <address>::1</address>\n  <address-range from="10.0.0.1" to="10.0.0.9" />\n</ip-filter>',
    });
  });

  it("ip-filter refuses what the gateway's parser refuses, such as 1::: and a zone id", () => {
    expect(buildIpFilter({ action: "allow", addresses: "1:::" })).toEqual({ ok: false, errors: { addresses: "Line 1: “1:::” is not an IP address." } });
    expect(buildIpFilter({ action: "allow", addresses: "::1\nfe80::1%eth0" })).toEqual({ ok: false, errors: { addresses: "Line 2: “fe80::1%eth0” is not an IP address." } });
    expect(buildIpFilter({ action: "allow", addresses: "10.0.0.1 - 010.0.0.9" })).toEqual({ ok: false, errors: { addresses: "Line 1: “010.0.0.9” is not an IP address." } });
  });

  it("rate-limit-by-key takes a preset key or a custom expression", () => {
    expect(buildRateLimitByKey({ ...RATE_LIMIT_BY_KEY_FIELDS, preset: "@(context.Subscription.Id)" })).toEqual({
      ok: true,
      xml: '<rate-limit-by-key calls="10" renewal-period="60" counter-key="@(context.Subscription.Id)" />',
    });
    expect(buildRateLimitByKey({ ...RATE_LIMIT_BY_KEY_FIELDS, preset: "custom", customKey: "" })).toEqual({ ok: false, errors: { customKey: "Required." } });
    expect(buildRateLimitByKey({ ...RATE_LIMIT_BY_KEY_FIELDS, preset: "custom", customKey: '@(context.Request.Headers.GetValueOrDefault("X-Client","anon")' })).toEqual({
      ok: false,
      errors: { customKey: "An expression is written @(…)." },
    });
  });

  it("rate-limit-by-key refuses a custom key the gateway cannot compile, though its brackets close", () => {
    expect(buildRateLimitByKey({ ...RATE_LIMIT_BY_KEY_FIELDS, preset: "custom", customKey: "@(context.Nothing.Here)" })).toEqual({
      ok: false,
      errors: { customKey: "An expression is written @(…)." },
    });
  });
});
