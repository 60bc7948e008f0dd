/**
 * Policies APIM does not run on a WebSocket API's onHandshake operation (DESIGN.md §4, and the
 * seed documents' "Unsupported policies"): refused when saved at API scope, skipped at run time
 * when inherited from the global or a product document.
 */
export const UNSUPPORTED_ON_HANDSHAKE: ReadonlySet<string> = new Set([
  "mock-response",
  "cache-lookup",
  "cache-store",
  "cross-domain",
  "cors",
  "jsonp",
  "set-method",
  "set-body",
  "xml-to-json",
  "json-to-xml",
  "xsl-transform",
  "validate-content",
  "validate-parameters",
  "validate-headers",
  "validate-status-code",
]);

/** APIM policies Portcullis knows by name but does not implement: a clear error, not "unknown policy". */
export const NOT_IMPLEMENTED: ReadonlySet<string> = new Set([
  "send-request",
  "send-one-way-request",
  "log-to-eventhub",
  "emit-metric",
  "trace",
  "limit-concurrency",
  "retry",
  "wait",
  "rewrite-uri",
  "find-and-replace",
  "set-status",
  "include-fragment",
  "authentication-certificate",
  "authentication-managed-identity",
  "validate-azure-ad-token",
  "validate-client-certificate",
  "get-authorization-context",
  "cache-lookup-value",
  "cache-store-value",
  "cache-remove-value",
  "invoke-dapr-binding",
  "publish-to-dapr",
  "set-backend-service-dapr",
  "proxy",
  "quota-by-key-azure",
  "llm-token-limit",
  "azure-openai-token-limit",
]);
