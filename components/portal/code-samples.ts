/**
 * The API page's code samples, filled in with the developer's key (or a placeholder): wscat
 * (key in a header), browser JavaScript (key in the query string: browsers cannot set
 * handshake headers) and Node.js with `ws` (key in a header).
 */

export const KEY_PLACEHOLDER = "<your-key>";

export interface SampleInput {
  /** The API's gateway URL: `wss://gateway.example.com/chat`. */
  url: string;
  subscriptionRequired: boolean;
  headerName: string;
  queryName: string;
  /** The key to show; the placeholder when the developer has none. */
  key: string;
}

export type SampleId = "wscat" | "browser" | "node";

/** The URL with the key in the query string (keys are URL-safe; the placeholder stays readable). */
export function urlWithKey(input: SampleInput): string {
  if (!input.subscriptionRequired) return input.url;
  const value = input.key === KEY_PLACEHOLDER ? input.key : encodeURIComponent(input.key);
  return `${input.url}${input.url.includes("?") ? "&" : "?"}${encodeURIComponent(input.queryName)}=${value}`;
}

/** Each sample's code. */
export function codeSamples(input: SampleInput): Record<SampleId, string> {
  const header = JSON.stringify(input.headerName);
  const wscat = input.subscriptionRequired
    ? [`npx wscat -c "${input.url}" \\`, `  -H "${input.headerName}: ${input.key}"`].join("\n")
    : `npx wscat -c "${input.url}"`;

  const browser = [
    `// Browsers cannot set handshake headers: the key goes in the query string.`,
    `const socket = new WebSocket(${JSON.stringify(urlWithKey(input))});`,
    `socket.binaryType = "arraybuffer";`,
    ``,
    `socket.addEventListener("open", () => socket.send("hello"));`,
    `socket.addEventListener("message", (event) => console.log("received", event.data));`,
    `socket.addEventListener("close", (event) => console.log("closed", event.code, event.reason));`,
  ];
  if (!input.subscriptionRequired) browser.shift();

  const node = [
    `// npm install ws`,
    `import WebSocket from "ws";`,
    ``,
    input.subscriptionRequired
      ? `const socket = new WebSocket(${JSON.stringify(input.url)}, {\n  headers: { ${header}: ${JSON.stringify(input.key)} },\n});`
      : `const socket = new WebSocket(${JSON.stringify(input.url)});`,
    ``,
    `socket.on("open", () => socket.send("hello"));`,
    `socket.on("message", (data, isBinary) => console.log("received", isBinary ? data : data.toString()));`,
    `socket.on("close", (code, reason) => console.log("closed", code, reason.toString()));`,
  ];

  return { wscat, browser: browser.join("\n"), node: node.join("\n") };
}
