import { describe, expect, it } from "vitest";
import { defaultScheme, unservedSchemeWarning } from "@/components/apis/served-schemes";

describe("the URL scheme a new API starts with", () => {
  it("is what the gateways serve: ws alone, wss alone, both only when both are", () => {
    expect(defaultScheme(["ws"])).toBe("ws");
    expect(defaultScheme(["wss"])).toBe("wss");
    expect(defaultScheme(["ws", "wss"])).toBe("both");
  });
});

describe("the warning for a scheme no gateway serves", () => {
  it("says nothing for served schemes", () => {
    expect(unservedSchemeWarning("ws", ["ws"])).toBeNull();
    expect(unservedSchemeWarning("both", ["ws", "wss"])).toBeNull();
  });

  it("names the unserved scheme and how to serve it, and whether clients can connect at all", () => {
    expect(unservedSchemeWarning("both", ["ws"])).toBe(
      "No gateway serves wss://: the portal publishes only the ws:// URL. Give the gateway a certificate (GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE) or set PORTCULLIS_PUBLIC_GATEWAY_WSS_URL to a TLS front end.",
    );
    expect(unservedSchemeWarning("wss", ["ws"])).toBe(
      "No gateway serves wss://, so clients could not connect to this API. Give the gateway a certificate (GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE) or set PORTCULLIS_PUBLIC_GATEWAY_WSS_URL to a TLS front end.",
    );
    expect(unservedSchemeWarning("ws", ["wss"])).toBe(
      "No gateway serves ws://, so clients could not connect to this API. The gateway serves only wss:// (it has a certificate): set PORTCULLIS_PUBLIC_GATEWAY_URL to a ws:// address that reaches it.",
    );
  });
});
