/** The palette's `<validate-jwt>`: the token from a header or a query parameter, keys, audiences, issuers, claims. */
import { element, textElement } from "./xml-writer";

export interface RequiredClaim {
  name: string;
  values: string[];
  match: "all" | "any";
}

export interface ValidateJwtInput {
  /** Where the token is read: a request header (with an optional scheme) or a query parameter. */
  source: "header" | "query";
  headerName: string;
  /** `require-scheme`, e.g. "Bearer"; only with a header; empty: not required. */
  scheme: string;
  queryParameterName: string;
  failedValidationHttpCode: number;
  failedValidationErrorMessage: string;
  /** Keys from the document (a base64 HMAC secret) or from an OpenID provider's metadata. */
  keySource: "signing-key" | "openid-config";
  signingKey: string;
  openIdConfigUrl: string;
  audiences: string[];
  issuers: string[];
  requiredClaims: RequiredClaim[];
}

export const VALIDATE_JWT_DEFAULTS: ValidateJwtInput = {
  source: "header",
  headerName: "Authorization",
  scheme: "Bearer",
  queryParameterName: "token",
  failedValidationHttpCode: 401,
  failedValidationErrorMessage: "Unauthorized. Access token is missing or invalid.",
  keySource: "signing-key",
  signingKey: "",
  openIdConfigUrl: "",
  audiences: [],
  issuers: [],
  requiredClaims: [],
};

/** `<validate-jwt>` reading the token from a header or a query parameter. */
export function validateJwtXml(input: ValidateJwtInput): string {
  const header = input.source === "header";
  const children: string[] = [];
  if (input.keySource === "openid-config") children.push(element("openid-config", [["url", input.openIdConfigUrl.trim()]]));
  else children.push(element("issuer-signing-keys", [], [textElement("key", input.signingKey)]));
  const audiences = input.audiences.map((a) => a.trim()).filter(Boolean);
  if (audiences.length > 0) children.push(element("audiences", [], audiences.map((a) => textElement("audience", a))));
  const issuers = input.issuers.map((i) => i.trim()).filter(Boolean);
  if (issuers.length > 0) children.push(element("issuers", [], issuers.map((i) => textElement("issuer", i))));
  const claims = input.requiredClaims.filter((c) => c.name.trim() !== "");
  if (claims.length > 0) {
    children.push(
      element(
        "required-claims",
        [],
        claims.map((claim) =>
          element(
            "claim",
            [
              ["name", claim.name.trim()],
              ["match", claim.match],
            ],
            claim.values.map((v) => v.trim()).filter(Boolean).map((v) => textElement("value", v)),
          ),
        ),
      ),
    );
  }
  return element(
    "validate-jwt",
    [
      header ? ["header-name", input.headerName.trim()] : ["query-parameter-name", input.queryParameterName.trim()],
      ["failed-validation-httpcode", input.failedValidationHttpCode],
      ["failed-validation-error-message", input.failedValidationErrorMessage],
      ["require-scheme", header ? input.scheme.trim() : undefined],
    ],
    children,
  );
}
