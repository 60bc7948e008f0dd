/**
 * What the policies share about values that may be policy expressions. A constant is checked
 * once, when the document is saved (`isExpression` tells them apart, as the reader does); an
 * expression's value at each handshake, refusing it when the value is unusable.
 */
import type { Refusal } from "./policy";
import type { XmlElement } from "./xml/xml-tree";

/** An element's text content as written (entities decoded), trimmed; "" when it has none. */
export function rawText(element: XmlElement): string {
  let text = "";
  for (const child of element.children) if (child.kind === "text") text += child.value;
  return text.trim();
}

/** APIM's answer when an expression's value is unusable: a generic 500 for the client, the detail for the log. */
const EXPRESSION_FAILURE_BODY = JSON.stringify({ statusCode: 500, message: "Internal server error" });

/**
 * Refuses the handshake because a policy expression produced a value the policy cannot use
 * (an invalid URL, a header value with a line break). APIM's reason for this is
 * ExpressionValueEvaluationFailure; the client sees only "Internal server error".
 */
export function expressionFailure(source: string, message: string): Refusal {
  return {
    ok: false,
    status: 500,
    reason: "ExpressionValueEvaluationFailure",
    message,
    source,
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: EXPRESSION_FAILURE_BODY,
  };
}

/**
 * Why `status` cannot answer a refused handshake, or null: it must be a final HTTP status
 * (200–599). 1xx are interim answers (101 would claim the upgrade happened), so never final.
 */
export function refusalStatusProblem(status: number): string | null {
  if (Number.isInteger(status) && status >= 200 && status <= 599) return null;
  if (status === 101) return "101 would tell the client the WebSocket upgrade succeeded: use a status from 200 to 599";
  if (status >= 100 && status <= 199) return `${status} is an interim (1xx) status that cannot end a handshake: use a status from 200 to 599`;
  return `${status} is not an HTTP status: use a status from 200 to 599`;
}
