/**
 * `<set-backend-service base-url="wss://…" />`: the backend this handshake goes to instead of
 * the API's service URL (the rest of the path and the query are added to it as usual).
 *
 * A WebSocket backend is `ws://` or `wss://`. `http://` and `https://` are accepted and read as
 * `ws://` and `wss://` (with a warning when saved): the handshake is that same HTTP request, and
 * APIM documents ported from HTTP APIs commonly write them. URLs with credentials or a fragment
 * are refused. A constant URL is checked when saved; one produced by an expression is checked at
 * the handshake, and an invalid one refuses it with 500.
 * `backend-id` and the Service Fabric attributes need backend entities, which Portcullis does not
 * have: refused when saved.
 */
import { expressionFailure } from "./dynamic-values";
import { isExpression } from "./expressions/compile-expression";
import { CONTINUE, definePolicy, type Dynamic } from "./policy";

const NAME = "set-backend-service";

interface SetBackendServiceConfig {
  baseUrl: string | Dynamic<string>;
}

const UNSUPPORTED = ["backend-id", "sf-resolve-condition", "sf-service-instance-name", "sf-partition-key", "sf-listener-name"] as const;

export const setBackendService = definePolicy<SetBackendServiceConfig>({
  name: NAME,
  sections: ["inbound", "backend"],
  parse(element, reader) {
    const attrs = reader.attributes(element, {
      "base-url": { type: "string", dynamic: true },
      "backend-id": { type: "string", dynamic: true },
      "sf-resolve-condition": { type: "string", dynamic: true },
      "sf-service-instance-name": { type: "string", dynamic: true },
      "sf-partition-key": { type: "string", dynamic: true },
      "sf-listener-name": { type: "string", dynamic: true },
    });
    let ok = true;
    for (const name of UNSUPPORTED) {
      const attribute = element.attributes.find((a) => a.name === name);
      if (attribute === undefined) continue;
      ok = false;
      reader.error(
        attribute,
        name === "backend-id"
          ? "'backend-id' is not supported: Portcullis has no backend entities yet; write the backend's URL in 'base-url'"
          : `'${name}' is not supported: Portcullis has no Service Fabric backends`,
      );
    }
    const baseUrl = element.attributes.find((a) => a.name === "base-url");
    if (baseUrl === undefined) {
      if (ok) reader.error(element, "<set-backend-service> needs the attribute 'base-url'");
      return null;
    }
    if (isExpression(baseUrl.value)) return ok && attrs["base-url"] ? { baseUrl: attrs["base-url"] } : null;
    const checked = checkBackendUrl(baseUrl.value.trim());
    if (!checked.ok) {
      reader.error(baseUrl, `'base-url' of <set-backend-service>: ${checked.problem}`);
      return null;
    }
    if (checked.mapped) reader.warning(baseUrl, `'base-url' is an ${checked.mapped}:// URL: the gateway opens the WebSocket at ${checked.url}`);
    return ok ? { baseUrl: checked.url } : null;
  },
  apply(config, ctx) {
    if (typeof config.baseUrl === "string") {
      ctx.backendServiceUrl = config.baseUrl;
      return CONTINUE;
    }
    const checked = checkBackendUrl(config.baseUrl(ctx).trim());
    if (!checked.ok) return expressionFailure(NAME, `set-backend-service: the base-url expression gave ${checked.problem}`);
    ctx.backendServiceUrl = checked.url;
    return CONTINUE;
  },
});

type CheckedUrl = { ok: true; url: string; mapped: "http" | "https" | null } | { ok: false; problem: string };

/** Reads `raw` as a WebSocket backend base URL (http(s) read as ws(s)); `url` is its normalized form. */
export function checkBackendUrl(raw: string): CheckedUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `'${raw}' is not an absolute URL (such as wss://backend.example.com/socket)` };
  }
  let mapped: "http" | "https" | null = null;
  if (url.protocol === "http:" || url.protocol === "https:") {
    mapped = url.protocol === "http:" ? "http" : "https";
    url.protocol = mapped === "http" ? "ws:" : "wss:";
  } else if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    return { ok: false, problem: `'${raw}' is not a WebSocket URL: use ws:// or wss://` };
  }
  if (url.hostname === "") return { ok: false, problem: `'${raw}' has no host` };
  if (url.username !== "" || url.password !== "") return { ok: false, problem: `'${raw}' contains credentials: use <authentication-basic> instead` };
  if (url.hash !== "" || raw.includes("#")) return { ok: false, problem: `'${raw}' has a fragment ('#…'), which a backend URL cannot use` };
  return { ok: true, url: url.href, mapped };
}
