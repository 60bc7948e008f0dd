import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { OpenIdKeys, PublicJwk } from "@/gateway/policies/policy";
import { OpenIdKeyCache, type OpenIdKeyCacheOptions } from "@/gateway/policies/services/openid-keys";
import { FakeClock, policyContext } from "@/tests/unit/gateway/policies/policy-context-fixture";

/** A local OpenID provider: metadata and JWKS, with counters and knobs for misbehaving. */
interface Provider {
  server: Server;
  base: string;
  config: string;
  hits: { config: number; jwks: number };
  keys: Record<string, unknown>[];
  delayMs: number;
  jwksBody: string | null;
  jwksUri: string | null;
  status: number;
}

let idp: Provider;
let first: { pair: CryptoKeyPair; jwk: PublicJwk };
let second: { pair: CryptoKeyPair; jwk: PublicJwk };

async function rsaKey(kid: string) {
  const pair = await generateKeyPair("RS256");
  return { pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, use: "sig", alg: "RS256" } as PublicJwk };
}

function startProvider(): Promise<Provider> {
  const provider = { hits: { config: 0, jwks: 0 }, keys: [], delayMs: 0, jwksBody: null, jwksUri: null, status: 200 } as unknown as Provider;
  provider.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (body: string) =>
      setTimeout(() => {
        res.writeHead(provider.status, { "content-type": "application/json" });
        res.end(body);
      }, provider.delayMs);
    if (req.url === "/.well-known/openid-configuration") {
      provider.hits.config++;
      send(JSON.stringify({ issuer: `${provider.base}/`, jwks_uri: provider.jwksUri ?? `${provider.base}/jwks` }));
    } else if (req.url === "/jwks") {
      provider.hits.jwks++;
      send(provider.jwksBody ?? JSON.stringify({ keys: provider.keys }));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    provider.server.listen(0, "127.0.0.1", () => {
      provider.base = `http://127.0.0.1:${(provider.server.address() as AddressInfo).port}`;
      provider.config = `${provider.base}/.well-known/openid-configuration`;
      resolve(provider);
    }),
  );
}

beforeAll(async () => {
  idp = await startProvider();
  first = await rsaKey("key-1");
  second = await rsaKey("key-2");
});

afterAll(async () => {
  idp.server.closeAllConnections();
  await new Promise((resolve) => idp.server.close(resolve));
});

beforeEach(() => {
  idp.hits = { config: 0, jwks: 0 };
  idp.keys = [first.jwk as unknown as Record<string, unknown>];
  idp.delayMs = 0;
  idp.jwksBody = null;
  idp.jwksUri = null;
  idp.status = 200;
});

function cache(options: OpenIdKeyCacheOptions = {}) {
  const clock = new FakeClock();
  const failures: [string, string][] = [];
  const keys = new OpenIdKeyCache({ now: clock.now, onFetchFailed: (url, error) => failures.push([url, error]), ...options });
  return { keys, clock, failures };
}

const kids = (result: OpenIdKeys) => (result.ok ? result.keySet.keys.map((k) => k.kid) : result);

describe("OpenIdKeyCache", () => {
  it("fetches the metadata and its JWKS once for many concurrent handshakes, then answers synchronously", async () => {
    const { keys } = cache();
    const results = await Promise.all(Array.from({ length: 25 }, () => keys.openIdKeys(idp.config)));
    expect(idp.hits).toEqual({ config: 1, jwks: 1 });
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toEqual({ ok: true, keySet: { issuer: `${idp.base}/`, keys: [first.jwk] } });
    const again = keys.openIdKeys(idp.config);
    expect(again).toBe(results[0]);
    expect(idp.hits).toEqual({ config: 1, jwks: 1 });
  });

  it("refreshes after an hour in the background, serving the cached keys meanwhile, and keeps the same object when nothing changed", async () => {
    const { keys, clock } = cache();
    const cached = await keys.openIdKeys(idp.config);
    clock.advance(59 * 60_000);
    expect(keys.openIdKeys(idp.config)).toBe(cached);
    expect(idp.hits.config).toBe(1);
    clock.advance(60_000);
    expect(keys.openIdKeys(idp.config)).toBe(cached);
    await expect.poll(() => idp.hits.jwks).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(keys.openIdKeys(idp.config)).toBe(cached);
    idp.keys = [second.jwk as unknown as Record<string, unknown>];
    clock.advance(60 * 60_000);
    keys.openIdKeys(idp.config);
    await expect.poll(() => kids(keys.openIdKeys(idp.config) as OpenIdKeys)).toEqual(["key-2"]);
  });

  it("refetches for an unknown kid (a rotated key), at most once per five minutes", async () => {
    const { keys, clock } = cache();
    await keys.openIdKeys(idp.config);
    clock.advance(6 * 60_000);
    idp.keys = [first.jwk, second.jwk] as unknown as Record<string, unknown>[];
    const rotated = keys.openIdKeys(idp.config, "key-2");
    expect(rotated).toBeInstanceOf(Promise);
    expect(kids(await rotated)).toEqual(["key-1", "key-2"]);
    expect(idp.hits.jwks).toBe(2);
    // A flood of made-up kids: answered from the cache, no fetch.
    for (let i = 0; i < 100; i++) expect(kids(keys.openIdKeys(idp.config, `random-${i}`) as OpenIdKeys)).toEqual(["key-1", "key-2"]);
    expect(idp.hits.jwks).toBe(2);
    // A known kid never refetches.
    clock.advance(5 * 60_000);
    expect(keys.openIdKeys(idp.config, "key-1")).not.toBeInstanceOf(Promise);
    expect(kids(await keys.openIdKeys(idp.config, "random-again"))).toEqual(["key-1", "key-2"]);
    expect(idp.hits.jwks).toBe(3);
  });

  it("shares the in-flight fetch with handshakes that arrive while it runs", async () => {
    const { keys } = cache();
    idp.delayMs = 50;
    const a = keys.openIdKeys(idp.config);
    const b = keys.openIdKeys(idp.config, "key-1");
    expect(b).toBe(a);
    await a;
    expect(idp.hits).toEqual({ config: 1, jwks: 1 });
  });

  it("reports an unreachable provider never reached yet, answers without fetching for 30 seconds, then tries again", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}/.well-known/openid-configuration`;
    const { keys, clock, failures } = cache();
    const result = await keys.openIdKeys(url);
    expect(result.ok).toBe(false);
    expect(failures).toHaveLength(1);
    expect(failures[0]![0]).toBe(url);
    expect(failures[0]![1]).toMatch(new RegExp(`^openid-config ${url}: fetch failed: .*ECONNREFUSED`));
    expect(keys.openIdKeys(url)).toEqual({ ok: false, error: failures[0]![1] });
    clock.advance(29_999);
    expect(keys.openIdKeys(url)).toEqual({ ok: false, error: failures[0]![1] });
    clock.advance(1);
    expect(keys.openIdKeys(url)).toBeInstanceOf(Promise);
  });

  it("keeps the keys it has when a refresh fails", async () => {
    const { keys, clock, failures } = cache();
    const cached = await keys.openIdKeys(idp.config);
    idp.status = 500;
    clock.advance(60 * 60_000);
    expect(keys.openIdKeys(idp.config)).toBe(cached);
    await expect.poll(() => failures.length).toBe(1);
    expect(failures[0]).toEqual([idp.config, `openid-config ${idp.config} answered HTTP 500`]);
    expect(keys.openIdKeys(idp.config)).toBe(cached);
  });

  it("gives up on a slow provider after the timeout", async () => {
    const { keys, failures } = cache({ timeoutMs: 100 });
    idp.delayMs = 1_000;
    const started = Date.now();
    const result = await keys.openIdKeys(idp.config);
    expect(Date.now() - started).toBeLessThan(900);
    const error = `openid-config ${idp.config}: no answer within 100 ms`;
    expect(result).toEqual({ ok: false, error });
    expect(failures).toEqual([[idp.config, error]]);
  });

  it("refuses oversized responses, a jwks_uri that is not http(s), and a JWKS without usable keys", async () => {
    const big = cache({ maxResponseBytes: 1024 });
    idp.keys = Array.from({ length: 10 }, () => first.jwk as unknown as Record<string, unknown>);
    expect(await big.keys.openIdKeys(idp.config)).toEqual({ ok: false, error: `jwks_uri ${idp.base}/jwks: response larger than 1024 bytes` });

    idp.jwksUri = "file:///etc/passwd";
    expect(await cache().keys.openIdKeys(idp.config)).toEqual({ ok: false, error: `the metadata at ${idp.config} has no http(s) jwks_uri` });
    idp.jwksUri = null;

    // Private, symmetric and malformed members are dropped: nothing usable is left.
    idp.keys = [{ kty: "oct", k: "c2VjcmV0" }, { ...first.jwk, d: "private" }, { kty: "RSA", n: 42, e: "AQAB" }, { kty: "OKP", crv: "Ed25519", x: "abc" }];
    expect(await cache().keys.openIdKeys(idp.config)).toEqual({ ok: false, error: `the JWKS at ${idp.base}/jwks has no usable RSA or EC signing keys` });

    idp.jwksBody = "<html>";
    expect(await cache().keys.openIdKeys(idp.config)).toEqual({ ok: false, error: `jwks_uri ${idp.base}/jwks did not answer JSON` });
  });

  it("keeps only the public members of each key", async () => {
    idp.keys = [{ ...first.jwk, x5c: ["MII..."], extra: { nested: true } }, { kty: "oct", k: "c2VjcmV0" }];
    expect(kids(await cache().keys.openIdKeys(idp.config))).toEqual(["key-1"]);
    const result = (await cache().keys.openIdKeys(idp.config)) as OpenIdKeys & { ok: true };
    expect(Object.keys(result.keySet.keys[0]!).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
  });

  it("lets validate-jwt verify a token with the keys it fetched, one fetch for many handshakes", async () => {
    const clock = new FakeClock();
    const jwt = new OpenIdKeyCache({ now: clock.now, onFetchFailed: () => {} });
    const { document } = compilePolicyDocument(
      `<policies><inbound><validate-jwt header-name="Authorization"><openid-config url="${idp.config}" /><audiences><audience>chat</audience></audiences></validate-jwt></inbound></policies>`,
      "api",
    );
    const steps = composeInbound(null, null, document);
    const token = await new SignJWT({ aud: "chat", iss: `${idp.base}/`, exp: clock.time / 1000 + 60 })
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .sign(first.pair.privateKey);
    const decisions = await Promise.all(
      Array.from({ length: 10 }, () => runSteps(steps, policyContext({ clock, headers: { Authorization: `Bearer ${token}` }, services: { jwt } }))),
    );
    expect(decisions).toEqual(Array.from({ length: 10 }, () => ({ ok: true })));
    expect(idp.hits).toEqual({ config: 1, jwks: 1 });
  });
});
