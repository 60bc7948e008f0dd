/**
 * The bench's APIs with policies, written into the gateway's SQLite file before it starts:
 *
 * - `bench-limits`: the plain echo API plus message limits that never trigger during the load
 *   (limit-message-size 1 MiB, rate-limit-messages 10^12 per second both ways, idle-timeout 300 s);
 * - `bench-policies`: the full handshake pipeline: a subscription key (product subscription),
 *   validate-jwt with an HS256 issuer-signing-key (audience and issuer checked), and
 *   rate-limit-by-key on the subscription with a limit no run reaches.
 *
 * `verifyPolicyApis` checks, through the running gateway, that each is in effect before it is
 * measured: a 1 MiB + 1 message must be closed with 1009, a handshake without the token refused
 * with 401 and one with key and token answered with 101.
 */
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { WebSocket } from "ws";
import type { Db } from "@/db/client";
import { productApis, products, policies } from "@/db/schema/index";
import { insertSubscription } from "../helpers/insert-subscription";
import { insertApi } from "../helpers/temp-db";

export const LIMIT_BYTES = 1024 * 1024;

export interface PolicyApis {
  limitsPath: string;
  pipelinePath: string;
  /** Subscription key and bearer token for `pipelinePath`. */
  pipelineHeaders: [string, string][];
}

export interface PolicyApiStatus {
  limitsInEffect: boolean;
  pipelineInEffect: boolean;
  /** What was found, one line each (printed once). */
  notes: string[];
}

export function limitsDocument(): string {
  return [
    "<policies><inbound><base />",
    `<limit-message-size max-bytes="${LIMIT_BYTES}" direction="both" />`,
    '<rate-limit-messages calls="1000000000000" renewal-period="1" direction="both" />',
    '<idle-timeout seconds="300" />',
    "</inbound></policies>",
  ].join("");
}

function pipelineDocument(secretBase64: string): string {
  return [
    "<policies><inbound><base />",
    '<validate-jwt header-name="Authorization" require-scheme="Bearer" failed-validation-httpcode="401">',
    `<issuer-signing-keys><key>${secretBase64}</key></issuer-signing-keys>`,
    "<audiences><audience>bench</audience></audiences>",
    "<issuers><issuer>portcullis-bench</issuer></issuers>",
    "</validate-jwt>",
    '<rate-limit-by-key calls="1000000000" renewal-period="1" counter-key="@(context.Subscription.Id)" />',
    "</inbound></policies>",
  ].join("");
}

/** Inserts both APIs, their documents, a product and a subscription; returns paths and credentials. */
export async function setUpPolicyApis(db: Db, dbFile: string, serviceUrl: string): Promise<PolicyApis> {
  insertApi(db, { id: "bench-limits", path: "bench-limits", serviceUrl });
  insertApi(db, { id: "bench-policies", path: "bench-policies", serviceUrl, subscriptionRequired: true });
  db.insert(policies).values({ scope: "api", scopeId: "bench-limits", value: limitsDocument() }).run();

  const secret = randomBytes(32);
  db.insert(policies).values({ scope: "api", scopeId: "bench-policies", value: pipelineDocument(secret.toString("base64")) }).run();
  db.insert(products).values({ id: "bench-product", displayName: "Bench", state: "published" }).run();
  db.insert(productApis).values({ productId: "bench-product", apiId: "bench-policies" }).run();
  const key = insertSubscription(db, dbFile, { id: "bench-subscription", scope: "/products/bench-product", displayName: "bench" }).primary;
  const token = await new SignJWT({ sub: "bench-user" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("portcullis-bench")
    .setAudience("bench")
    .setIssuedAt()
    .setExpirationTime("12h")
    .sign(secret);
  return {
    limitsPath: "/bench-limits",
    pipelinePath: "/bench-policies",
    pipelineHeaders: [
      ["Ocp-Apim-Subscription-Key", key],
      ["Authorization", `Bearer ${token}`],
    ],
  };
}

type Outcome = { kind: "open" } | { kind: "refused"; status: number; body: string } | { kind: "closed"; code: number; reason: string } | { kind: "error"; message: string };

/** Opens a WebSocket, optionally sends `send`, and says how it went (within 5 s). */
function attempt(url: string, headers: Record<string, string>, send?: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    const timer = setTimeout(() => done({ kind: "error", message: "timed out" }), 5000);
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      resolve(o);
    };
    ws.on("open", () => {
      if (!send) return done({ kind: "open" });
      ws.send(send);
    });
    ws.on("message", () => done({ kind: "error", message: "the oversized message came back" }));
    ws.on("close", (code, reason) => done({ kind: "closed", code, reason: reason.toString() }));
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => done({ kind: "refused", status: res.statusCode ?? 0, body }));
    });
    ws.on("error", (error) => done({ kind: "error", message: error.message }));
  });
}

function describe(o: Outcome): string {
  switch (o.kind) {
    case "open":
      return "101";
    case "refused":
      return `${o.status} ${o.body.slice(0, 160)}`;
    case "closed":
      return `closed ${o.code} "${o.reason}"`;
    case "error":
      return o.message;
  }
}

/** Checks through the gateway on `port` that the limits and the pipeline are in effect. */
export async function verifyPolicyApis(apis: PolicyApis, port: number): Promise<PolicyApiStatus> {
  const url = (path: string) => `ws://127.0.0.1:${port}${path}`;
  const notes: string[] = [];

  const tooBig = await attempt(url(apis.limitsPath), {}, Buffer.alloc(LIMIT_BYTES + 1, 1));
  const want = `closed 1009 "message too big: limit ${LIMIT_BYTES} bytes"`;
  const limitsInEffect = describe(tooBig) === want;
  notes.push(
    limitsInEffect
      ? `message limits in effect on ${apis.limitsPath} (a ${LIMIT_BYTES + 1}-byte message: ${want})`
      : `message limits NOT in effect on ${apis.limitsPath}, not measured: a ${LIMIT_BYTES + 1}-byte message got ${describe(tooBig)}, want ${want}`,
  );

  const [key, auth] = apis.pipelineHeaders;
  const withoutToken = await attempt(url(apis.pipelinePath), { [key![0]]: key![1] });
  const withBoth = await attempt(url(apis.pipelinePath), { [key![0]]: key![1], [auth![0]]: auth![1] });
  const pipelineInEffect = withoutToken.kind === "refused" && withoutToken.status === 401 && withBoth.kind === "open";
  notes.push(
    pipelineInEffect
      ? `handshake pipeline in effect on ${apis.pipelinePath} (key without token: ${describe(withoutToken)}; key and token: 101)`
      : `handshake pipeline NOT in effect on ${apis.pipelinePath}, not measured: key without token got ${describe(withoutToken)} (want 401), key and token got ${describe(withBoth)} (want 101)`,
  );
  return { limitsInEffect, pipelineInEffect, notes };
}
