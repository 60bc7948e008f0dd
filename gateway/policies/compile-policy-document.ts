/**
 * Reads a policy document into compiled steps, once: when the portal saves it (to report
 * problems) and when the gateway loads its configuration (to run it). Every problem is a
 * diagnostic with its position; a document with an error compiles to null.
 */
import type { CompileResult } from "./compiled-document";
import { DocumentReader } from "./document-reader";
import type { PolicyDiagnostic, PolicyScope } from "./policy";
import { parseXml } from "./xml/parse-xml";

/** Compiles `text` saved at `scope`. */
export function compilePolicyDocument(text: string, scope: PolicyScope): CompileResult {
  const diagnostics: PolicyDiagnostic[] = [];
  const parsed = parseXml(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    const to = Math.min(text.length, parsed.offset + 1);
    diagnostics.push({ from: parsed.offset, to: Math.max(to, parsed.offset), line, column, severity: "error", message });
    return { document: null, diagnostics };
  }
  const reader = new DocumentReader(text, scope, diagnostics);
  const document = reader.document(parsed.root);
  const failed = diagnostics.some((d) => d.severity === "error");
  return { document: failed ? null : document, diagnostics };
}
