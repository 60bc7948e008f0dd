import type { ReactNode } from "react";

const TOKEN = /(<!--[\s\S]*?-->)|(<\/?)([\w:.-]+)|(\/?>)|([\w:.-]+)(=)("[^"]*"|'[^']*')/g;

/**
 * Read-only XML colouring for short snippets (the effective policy view): tags, attribute
 * names and values, comments. The read-only view does not need an editor for that.
 */
export function HighlightedXml({ xml }: { xml: string }): ReactNode {
  const out: ReactNode[] = [];
  let last = 0;
  let inTag = false;
  for (const match of xml.matchAll(TOKEN)) {
    const [whole, comment, open, name, close, attrName, eq, attrValue] = match;
    const at = match.index;
    // Attribute-like text outside a tag is text (e.g. "a=b" in a value).
    if (attrName !== undefined && !inTag) continue;
    if (at > last) out.push(xml.slice(last, at));
    if (comment !== undefined) out.push(<span key={at} className="text-slate-400 italic">{comment}</span>);
    else if (open !== undefined) {
      inTag = true;
      out.push(
        <span key={at}>
          <span className="text-slate-400">{open}</span>
          <span className="text-indigo-700">{name}</span>
        </span>,
      );
    } else if (close !== undefined) {
      inTag = false;
      out.push(<span key={at} className="text-slate-400">{close}</span>);
    } else {
      out.push(
        <span key={at}>
          <span className="text-sky-700">{attrName}</span>
          <span className="text-slate-400">{eq}</span>
          <span className="text-emerald-700">{attrValue}</span>
        </span>,
      );
    }
    last = at + whole.length;
  }
  if (last < xml.length) out.push(xml.slice(last));
  return <>{out}</>;
}
