import type { ApiRow } from "@/server/apis/to-api-contract";
import type { PublicGateway } from "@/server/env";
import { apiConnectUrls } from "@/server/portal/api-connect-url";

/**
 * An AsyncAPI 3.0.0 document for one WebSocket API, from the point of view of the API (the
 * application behind the gateway): clients connect to the gateway's server(s) at the API's
 * path (one channel), the API `receive`s what clients send and `send`s what clients receive.
 * Frames are relayed untouched, so messages are described generically: text (UTF-8) and binary.
 * The subscription key, when the API requires one, is an `httpApiKey` in the handshake's header
 * or query string; the `ws` channel binding names both on the handshake GET.
 */

/** The fields of an API the document is made of. */
export type AsyncApiSource = Pick<
  ApiRow,
  "id" | "displayName" | "description" | "path" | "protocols" | "subscriptionRequired" | "subscriptionKeyHeaderName" | "subscriptionKeyQueryName"
>;

/** A JSON Schema (Draft 07, as AsyncAPI's default schema format). */
type Schema = Record<string, unknown>;
type Ref = { $ref: string };

export interface AsyncApiServer {
  host: string;
  protocol: "ws" | "wss";
  pathname?: string;
  title: string;
  description: string;
  security?: Ref[];
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  payload: Schema;
  examples?: { name: string; summary: string; payload: unknown }[];
}

export interface AsyncApiSecurityScheme {
  type: "httpApiKey";
  name: string;
  in: "header" | "query";
  description: string;
}

export interface AsyncApiOperation {
  action: "send" | "receive";
  channel: Ref;
  title: string;
  summary: string;
  description: string;
  messages: Ref[];
}

export interface AsyncApiDocument {
  asyncapi: "3.0.0";
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, AsyncApiServer>;
  channels: Record<
    string,
    {
      address: string;
      title: string;
      description: string;
      messages: Record<string, Ref>;
      bindings: { ws: { method: "GET"; query?: Schema; headers?: Schema; bindingVersion: "0.1.0" } };
    }
  >;
  operations: { send: AsyncApiOperation; receive: AsyncApiOperation };
  components: { messages: Record<string, AsyncApiMessage>; securitySchemes?: Record<string, AsyncApiSecurityScheme> };
}

/** The version the document states: Portcullis APIs have no versions of their own (yet). */
export const ASYNCAPI_INFO_VERSION = "1.0.0";

/** Builds the document for `api` as clients of the gateway's public addresses see it: a server per scheme some gateway answers. */
export function generateAsyncApi(api: AsyncApiSource, gateway: PublicGateway): AsyncApiDocument {
  const channelId = api.id;
  const security: Ref[] = api.subscriptionRequired
    ? [{ $ref: "#/components/securitySchemes/subscriptionKeyHeader" }, { $ref: "#/components/securitySchemes/subscriptionKeyQuery" }]
    : [];

  const servers: Record<string, AsyncApiServer> = {};
  for (const { protocol, url } of apiConnectUrls(gateway, api.path, api.protocols)) {
    const parsed = new URL(url.replace(/^ws/, "http"));
    const pathname = new URL(gateway[protocol]!.replace(/^ws/, "http")).pathname.replace(/\/+$/, "");
    servers[`gateway-${protocol}`] = {
      host: parsed.host,
      protocol,
      ...(pathname ? { pathname } : {}),
      title: `Portcullis gateway (${protocol})`,
      description:
        protocol === "wss"
          ? "The gateway over TLS. Connect with wss:// followed by the channel's address."
          : "The gateway without TLS. Connect with ws:// followed by the channel's address.",
      ...(security.length > 0 ? { security } : {}),
    };
  }

  const keyNote = api.subscriptionRequired
    ? ` Send a subscription key in the \`${api.subscriptionKeyHeaderName}\` header or, from a browser (which cannot set handshake headers), in the \`${api.subscriptionKeyQueryName}\` query parameter.`
    : " No subscription key is required.";
  const keySchema = (where: string): Schema => ({
    type: "object",
    properties: {
      [where === "header" ? api.subscriptionKeyHeaderName : api.subscriptionKeyQueryName]: {
        type: "string",
        description: `Subscription key (primary or secondary), in the handshake's ${where === "header" ? "headers" : "query string"}. Send it here or in the ${where === "header" ? "query string" : "header"}.`,
      },
    },
  });

  const channelRef = { $ref: `#/channels/${channelId}` };
  const messageRefs = [{ $ref: `#/channels/${channelId}/messages/text` }, { $ref: `#/channels/${channelId}/messages/binary` }];
  return {
    asyncapi: "3.0.0",
    info: {
      title: api.displayName,
      version: ASYNCAPI_INFO_VERSION,
      description: (api.description.trim() || `The ${api.displayName} WebSocket API.`) + ` Served by the Portcullis gateway at /${api.path}.` + keyNote,
    },
    defaultContentType: "text/plain",
    servers,
    channels: {
      [channelId]: {
        address: `/${api.path}`,
        title: api.displayName,
        description:
          "The WebSocket connection. Anything after the address is passed to the backend, and so is the query string (without the subscription key).",
        messages: { text: { $ref: "#/components/messages/text" }, binary: { $ref: "#/components/messages/binary" } },
        bindings: {
          ws: {
            method: "GET",
            ...(api.subscriptionRequired ? { query: keySchema("query"), headers: keySchema("header") } : {}),
            bindingVersion: "0.1.0",
          },
        },
      },
    },
    operations: {
      send: {
        action: "send",
        channel: channelRef,
        title: "Messages to clients",
        summary: "The API sends text and binary messages to the connected client (outbound).",
        description: "Frames the backend sends, relayed by the gateway untouched.",
        messages: messageRefs,
      },
      receive: {
        action: "receive",
        channel: channelRef,
        title: "Messages from clients",
        summary: "The API receives text and binary messages from the connected client (inbound).",
        description: "Frames the client sends, relayed by the gateway untouched.",
        messages: messageRefs,
      },
    },
    components: {
      messages: {
        text: {
          name: "text",
          title: "Text message",
          summary: "A UTF-8 text message (one or more text frames).",
          contentType: "text/plain",
          payload: { type: "string" },
          examples: [{ name: "hello", summary: "A short text message", payload: "hello" }],
        },
        binary: {
          name: "binary",
          title: "Binary message",
          summary: "A binary message (one or more binary frames).",
          contentType: "application/octet-stream",
          payload: { type: "string", format: "binary" },
        },
      },
      ...(api.subscriptionRequired
        ? {
            securitySchemes: {
              subscriptionKeyHeader: {
                type: "httpApiKey",
                name: api.subscriptionKeyHeaderName,
                in: "header",
                description: "Subscription key in a handshake header (servers, command-line clients, Node.js).",
              },
              subscriptionKeyQuery: {
                type: "httpApiKey",
                name: api.subscriptionKeyQueryName,
                in: "query",
                description: "Subscription key in the query string (browsers cannot set handshake headers).",
              },
            },
          }
        : {}),
    },
  };
}
