/** validate-jwt as the real gateway runs it, with signing keys from a local OpenID provider. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "@/db/schema/index";
import { useEchoStack } from "../../helpers/echo-stack";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { waitFor } from "../../helpers/gateway-process";
import { attemptHandshake, openClient, roundTrip } from "../../helpers/handshake-client";

const stack = useEchoStack();

let idp: Server;
let issuer: string;
let keys: CryptoKeyPair;
const hits = { config: 0, jwks: 0 };

beforeAll(async () => {
  keys = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "test-key", use: "sig", alg: "RS256" };
  idp = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") {
      hits.config++;
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}jwks` }));
    } else if (req.url === "/jwks") {
      hits.jwks++;
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/`;
  stack.temp.db
    .insert(policies)
    .values({
      scope: "api",
      scopeId: "echo",
      value: `<policies><inbound><base />
        <validate-jwt header-name="Authorization" require-scheme="Bearer">
          <openid-config url="${issuer}.well-known/openid-configuration" />
          <audiences><audience>echo-api</audience></audiences>
        </validate-jwt>
      </inbound></policies>`,
    })
    .run();
  // The gateway picks the document up on its next configuration load.
  await waitFor(async () => (await attemptHandshake(stack.gateway.url("/echo"))).status === 401, 5000);
});

afterAll(async () => {
  idp?.closeAllConnections();
  await new Promise((resolve) => idp?.close(resolve));
});

function token(claims: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: issuer, aud: "echo-api", exp: now + 300, ...claims }).setProtectedHeader({ alg: "RS256", kid: "test-key" }).sign(keys.privateKey);
}

describe("validate-jwt in the gateway", () => {
  it("opens the connection for a token signed by the provider's key, fetching its keys once", async () => {
    const authorization = `Bearer ${await token({ sub: "alice" })}`;
    const client = await openClient(stack.gateway.url("/echo"), undefined, { headers: { Authorization: authorization } });
    expect((await roundTrip(client, "hello")).data.toString()).toBe("hello");
    client.close();
    for (let i = 0; i < 3; i++) {
      const answer = await attemptHandshake(stack.gateway.url("/echo"), { authorization });
      answer.socket?.destroy();
      expect(answer.status).toBe(101);
    }
    expect(hits).toEqual({ config: 1, jwks: 1 });
  });

  it("refuses a handshake without a token with APIM's 401", async () => {
    const answer = await attemptHandshake(stack.gateway.url("/echo?case=missing"));
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 401, message: "JWT not present." });
    const row = await waitForLogRow(stack.temp.db, "/echo?case=missing");
    expect(row.lastErrorReason).toBe("TokenNotPresent");
    expect(row.lastErrorSource).toBe("validate-jwt");
  });

  it("refuses an expired token with 401", async () => {
    const expired = await token({ exp: Math.floor(Date.now() / 1000) - 60 });
    const answer = await attemptHandshake(stack.gateway.url("/echo?case=expired"), { Authorization: `Bearer ${expired}` });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 401, message: "Lifetime validation failed. The token is expired. Access denied." });
    expect((await waitForLogRow(stack.temp.db, "/echo?case=expired")).lastErrorReason).toBe("TokenExpired");
  });

  it("refuses a token for another audience with 401", async () => {
    const other = await token({ aud: "billing-api" });
    const answer = await attemptHandshake(stack.gateway.url("/echo?case=audience"), { Authorization: `Bearer ${other}` });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 401, message: "Audience validation failed. Access denied." });
    expect((await waitForLogRow(stack.temp.db, "/echo?case=audience")).lastErrorReason).toBe("TokenAudienceNotAllowed");
  });

  it("refuses a token signed by another key with 401", async () => {
    const stranger = await generateKeyPair("RS256");
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ iss: issuer, aud: "echo-api", exp: now + 300 }).setProtectedHeader({ alg: "RS256", kid: "test-key" }).sign(stranger.privateKey);
    const answer = await attemptHandshake(stack.gateway.url("/echo"), { Authorization: `Bearer ${forged}` });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 401, message: "Signature validation failed. Access denied." });
  });
});
