import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import type { PolicyDiagnostic } from "@/gateway/policies/policy";

const SECRET = Buffer.alloc(32, 7).toString("base64");
// A 2048-bit modulus (its top bit set) and the usual exponent, base64url.
const N = Buffer.concat([Buffer.from([0xc0]), Buffer.alloc(255, 1)]).toString("base64url");
const KEYS = `<issuer-signing-keys><key>${SECRET}</key></issuer-signing-keys>`;

function problems(policy: string, scope: "global" | "product" | "api" = "api"): Pick<PolicyDiagnostic, "severity" | "message">[] {
  const result = compilePolicyDocument(`<policies><inbound>${policy}</inbound></policies>`, scope);
  return result.diagnostics.map(({ severity, message }) => ({ severity, message }));
}

const error = (message: string) => ({ severity: "error", message });
const warning = (message: string) => ({ severity: "warning", message });

describe("validate-jwt: documents that save cleanly", () => {
  it("accepts APIM's own examples (Bearer header with keys, audiences, issuers, required claims)", () => {
    expect(
      problems(`<validate-jwt header-name="Authorization" require-scheme="Bearer" output-token-variable-name="jwt">
        <issuer-signing-keys><key>${SECRET}</key></issuer-signing-keys>
        <audiences><audience>@(context.Request.Url.Host)</audience></audiences>
        <issuers><issuer>contoso.com</issuer></issuers>
        <required-claims><claim name="group" match="any"><value>finance</value><value>logistics</value></claim></required-claims>
      </validate-jwt>`),
    ).toEqual([]);
    expect(
      problems(`<validate-jwt header-name="Authorization" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized. Access token is missing or invalid.">
        <openid-config url="https://login.microsoftonline.com/contoso.onmicrosoft.com/.well-known/openid-configuration" />
        <audiences><audience>00001111-aaaa-2222-bbbb-3333cccc4444</audience></audiences>
        <required-claims><claim name="id" match="all"><value>insert claim here</value></claim></required-claims>
      </validate-jwt>`),
    ).toEqual([]);
  });

  it("accepts a query parameter, a token-value expression, RSA keys as n and e with an id, several openid-configs", () => {
    expect(problems(`<validate-jwt query-parameter-name="access_token">${KEYS}</validate-jwt>`)).toEqual([]);
    expect(problems(`<validate-jwt token-value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Jwt&quot;, &quot;&quot;))">${KEYS}</validate-jwt>`)).toEqual([]);
    expect(problems(`<validate-jwt header-name="X-Token"><issuer-signing-keys><key id="k1" n="${N}" e="AQAB" /></issuer-signing-keys></validate-jwt>`)).toEqual([]);
    expect(
      problems(`<validate-jwt header-name="Authorization" clock-skew="30" require-expiration-time="false">
        <openid-config url="https://a.example/.well-known/openid-configuration" /><openid-config url="https://b.example/.well-known/openid-configuration" />
      </validate-jwt>`),
    ).toEqual([]);
  });

  it("does not warn about plain http to a loopback provider", () => {
    expect(problems(`<validate-jwt header-name="Authorization"><openid-config url="http://127.0.0.1:8080/.well-known/openid-configuration" /></validate-jwt>`)).toEqual([]);
    expect(problems(`<validate-jwt header-name="Authorization"><openid-config url="http://localhost/.well-known/openid-configuration" /></validate-jwt>`)).toEqual([]);
  });
});

describe("validate-jwt: save-time errors", () => {
  it("needs exactly one token source", () => {
    expect(problems(`<validate-jwt>${KEYS}</validate-jwt>`)).toEqual([error("<validate-jwt> needs one of 'header-name', 'query-parameter-name' or 'token-value'")]);
    expect(problems(`<validate-jwt header-name="Authorization" query-parameter-name="t" token-value="x">${KEYS}</validate-jwt>`)).toEqual([
      error("<validate-jwt> takes only one of 'header-name', 'query-parameter-name' and 'token-value' ('header-name' is already given)"),
      error("<validate-jwt> takes only one of 'header-name', 'query-parameter-name' and 'token-value' ('header-name' is already given)"),
    ]);
  });

  it("refuses decryption-keys, unknown and repeated children", () => {
    expect(problems(`<validate-jwt header-name="Authorization">${KEYS}<decryption-keys><key>${SECRET}</key></decryption-keys></validate-jwt>`)).toEqual([
      error("<decryption-keys> is not supported: Portcullis does not decrypt encrypted tokens (JWE)"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization">${KEYS}<audience>x</audience></validate-jwt>`)).toEqual([
      error("<validate-jwt> has no child <audience> (known: openid-config, issuer-signing-keys, audiences, issuers, required-claims)"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization">${KEYS}<audiences><audience>a</audience></audiences><audiences><audience>b</audience></audiences></validate-jwt>`)).toEqual([
      error("<audiences> appears twice in <validate-jwt>"),
    ]);
  });

  it("checks attribute types and ranges", () => {
    expect(problems(`<validate-jwt header-name="Authorization" failed-validation-httpcode="600">${KEYS}</validate-jwt>`)).toEqual([
      error("'failed-validation-httpcode' of <validate-jwt> must be at most 599"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization" clock-skew="-5">${KEYS}</validate-jwt>`)).toEqual([error("'clock-skew' of <validate-jwt> must be at least 0")]);
    expect(problems(`<validate-jwt header-name="Authorization" clock-skew="00:05:00">${KEYS}</validate-jwt>`)).toEqual([
      error("'clock-skew' of <validate-jwt> must be a whole number, not '00:05:00'"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization" require-expiration-time="yes">${KEYS}</validate-jwt>`)).toEqual([
      error("'require-expiration-time' of <validate-jwt> must be true or false, not 'yes'"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization" output-token-variable-name="@(&quot;jwt&quot;)">${KEYS}</validate-jwt>`)).toEqual([
      error("'output-token-variable-name' of <validate-jwt> does not accept a policy expression"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization" output-token-variable-name=" ">${KEYS}</validate-jwt>`)).toEqual([
      error("'output-token-variable-name' of <validate-jwt> must not be empty"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization" scheme="Bearer">${KEYS}</validate-jwt>`)).toEqual([
      error(
        "<validate-jwt> has no attribute 'scheme' (known: header-name, query-parameter-name, token-value, failed-validation-httpcode, failed-validation-error-message, require-expiration-time, require-scheme, require-signed-tokens, clock-skew, output-token-variable-name)",
      ),
    ]);
  });

  it("needs an http(s) openid-config url", () => {
    expect(problems(`<validate-jwt header-name="Authorization"><openid-config /></validate-jwt>`)).toEqual([error("<openid-config> needs the attribute 'url'")]);
    expect(problems(`<validate-jwt header-name="Authorization"><openid-config url="ftp://idp.example/config" /></validate-jwt>`)).toEqual([
      error("'url' of <openid-config> must be an http or https URL, not 'ftp://idp.example/config'"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization"><openid-config url="idp.example/config" /></validate-jwt>`)).toEqual([
      error("'url' of <openid-config> must be an http or https URL, not 'idp.example/config'"),
    ]);
  });

  it("refuses keys it cannot use: certificate-id, half an RSA key, both forms, bad encodings, weak keys, expressions", () => {
    const key = (xml: string) => problems(`<validate-jwt header-name="Authorization"><issuer-signing-keys>${xml}</issuer-signing-keys></validate-jwt>`);
    expect(key(`<key certificate-id="my-rsa-cert" />`)).toEqual([
      error("'certificate-id' is not supported: Portcullis has no certificate store; give the RSA public key as 'n' and 'e'"),
    ]);
    expect(key(`<key n="${N}" />`)).toEqual([error("<key> needs both 'n' (modulus) and 'e' (exponent)")]);
    expect(key(`<key n="${N}" e="AQAB">${SECRET}</key>`)).toEqual([error("<key> holds either a Base64 key or 'n' and 'e', not both")]);
    expect(key(`<key n="not base64url!" e="AQAB" />`)).toEqual([error("'n' of <key> must be the RSA modulus in Base64url")]);
    expect(key(`<key n="${Buffer.alloc(128, 0xff).toString("base64url")}" e="AQAB" />`)).toEqual([
      error("'n' of <key> must be an RSA modulus of at least 2048 bits, not 1024"),
    ]);
    expect(key(`<key n="${N}" e="AA" />`)).toEqual([error("'e' of <key> must be the RSA exponent in Base64url (usually 'AQAB')")]);
    expect(key(`<key />`)).toEqual([error("<key> needs a Base64-encoded key as its text, or 'n' and 'e'")]);
    expect(key(`<key>not base64!</key>`)).toEqual([error("<key> must be a Base64-encoded key")]);
    expect(key(`<key>${Buffer.alloc(16, 1).toString("base64")}</key>`)).toEqual([error("<key> must be at least 32 bytes (256 bits) for HMAC signatures, not 16")]);
    expect(key(`<key>@(context.Variables.GetValueOrDefault&lt;string&gt;("k"))</key>`)).toEqual([
      error("<key> does not accept a policy expression: keys are decoded once, when the policy loads"),
    ]);
    expect(key(`<certificate>${SECRET}</certificate>`)).toEqual([error("<issuer-signing-keys> contains <key> elements, not <certificate>")]);
    expect(key(``)).toEqual([error("<issuer-signing-keys> needs at least one <key>")]);
  });

  it("needs values in audiences, issuers and required claims", () => {
    const with_ = (xml: string) => problems(`<validate-jwt header-name="Authorization">${KEYS}${xml}</validate-jwt>`);
    expect(with_(`<audiences />`)).toEqual([error("<audiences> needs at least one <audience>")]);
    expect(with_(`<audiences><audience /></audiences>`)).toEqual([error("<audience> needs a value")]);
    expect(with_(`<issuers><audience>x</audience></issuers>`)).toEqual([error("<issuers> contains <issuer> elements, not <audience>")]);
    expect(with_(`<required-claims />`)).toEqual([error("<required-claims> needs at least one <claim>")]);
    expect(with_(`<required-claims><claim><value>x</value></claim></required-claims>`)).toEqual([error("<claim> needs the attribute 'name'")]);
    expect(with_(`<required-claims><claim name="group" match="some"><value>x</value></claim></required-claims>`)).toEqual([
      error("'match' of <claim> must be one of 'all', 'any', not 'some'"),
    ]);
    expect(with_(`<required-claims><claim name="group" separator=""><value>x</value></claim></required-claims>`)).toEqual([
      error("'separator' of <claim> must not be empty"),
    ]);
    expect(with_(`<required-claims><claim name="group"><val>x</val></claim></required-claims>`)).toEqual([error("<claim> contains <value> elements, not <val>")]);
  });

  it("reports an invalid expression in an audience at its position", () => {
    const text = `<policies><inbound><validate-jwt header-name="Authorization">${KEYS}<audiences><audience>@(context.Nope)</audience></audiences></validate-jwt></inbound></policies>`;
    const from = text.indexOf("Nope");
    expect(compilePolicyDocument(text, "api").diagnostics).toEqual([
      {
        from,
        to: from + 4,
        line: 1,
        column: from + 1,
        severity: "error",
        message: "unknown member 'Nope' of context (supported: Request, Subscription, User, Product, Api, Variables)",
      },
    ]);
  });

  it("is allowed in inbound only", () => {
    const result = compilePolicyDocument(`<policies><outbound><validate-jwt header-name="Authorization">${KEYS}</validate-jwt></outbound></policies>`, "api");
    expect(result.diagnostics.map((d) => d.message)).toEqual(["<validate-jwt> is not allowed in <outbound> (allowed in: <inbound>)"]);
  });
});

describe("validate-jwt: save-time warnings", () => {
  it("says when require-scheme is ignored (custom header, query, token-value)", () => {
    const ignored = warning("'require-scheme' applies to the Authorization header only: it is ignored here");
    expect(problems(`<validate-jwt header-name="X-Token" require-scheme="Bearer">${KEYS}</validate-jwt>`)).toEqual([ignored]);
    expect(problems(`<validate-jwt query-parameter-name="t" require-scheme="Bearer">${KEYS}</validate-jwt>`)).toEqual([ignored]);
    expect(problems(`<validate-jwt header-name="authorization" require-scheme="Bearer">${KEYS}</validate-jwt>`)).toEqual([]);
  });

  it("says that unsigned tokens stay refused whatever require-signed-tokens says", () => {
    expect(problems(`<validate-jwt header-name="Authorization" require-signed-tokens="false">${KEYS}</validate-jwt>`)).toEqual([
      warning("Portcullis always requires signed tokens: 'require-signed-tokens' other than true is ignored"),
    ]);
    expect(problems(`<validate-jwt header-name="Authorization" require-signed-tokens="true">${KEYS}</validate-jwt>`)).toEqual([]);
  });

  it("says that without signing keys every token is refused", () => {
    expect(problems(`<validate-jwt header-name="Authorization" />`)).toEqual([
      warning("<validate-jwt> has no signing keys (<openid-config> or <issuer-signing-keys>): every token will be refused"),
    ]);
  });

  it("warns about fetching keys over plain http from a remote host", () => {
    expect(problems(`<validate-jwt header-name="Authorization"><openid-config url="http://idp.example/.well-known/openid-configuration" /></validate-jwt>`)).toEqual([
      warning("'url' of <openid-config> uses plain http: anyone on the network path could substitute the signing keys; use https"),
    ]);
  });
});
