/**
 * What runs for an API, as XML, with each policy marked by the scope it comes from: the
 * admin portal's read-only "Effective policy" view. Composition follows `pipeline.ts`.
 */
import { SECTIONS, type PolicyDiagnostic, type PolicyScope, type Section } from "./policy";
import { parseXml } from "./xml/parse-xml";
import type { XmlElement } from "./xml/xml-tree";

export interface EffectivePolicyItem {
  scope: PolicyScope;
  /** The policy element as written in its document. */
  xml: string;
}
export interface EffectivePolicy {
  sections: { name: Section; items: EffectivePolicyItem[] }[];
  /** Problems that kept a document out of the composition (it is then treated as absent). */
  diagnostics: (PolicyDiagnostic & { scope: PolicyScope })[];
}

/** Composes the documents (null = none saved at that scope). */
export function effectivePolicy(documents: { global: string | null; product: string | null; api: string | null }): EffectivePolicy {
  const diagnostics: EffectivePolicy["diagnostics"] = [];
  const read = (scope: PolicyScope, text: string | null): Map<Section, EffectivePolicyItem[]> | null => {
    if (text === null) return null;
    const parsed = parseXml(text);
    if (!parsed.ok) {
      diagnostics.push({ scope, from: parsed.offset, to: parsed.offset + 1, ...parsed.problem, severity: "error" });
      return null;
    }
    return sectionsOf(parsed.root, text, scope);
  };
  const docs = [read("global", documents.global), read("product", documents.product), read("api", documents.api)];
  const sections = SECTIONS.map((name) => {
    let items: EffectivePolicyItem[] = [];
    for (const doc of docs) {
      const own = doc?.get(name);
      if (own === undefined) continue;
      const parent = items;
      items = own.flatMap((item) => (item.xml === BASE_MARK ? parent : [item]));
    }
    return { name, items };
  });
  return { sections, diagnostics };
}

const BASE_MARK = "\u0000base";

function sectionsOf(root: XmlElement, text: string, scope: PolicyScope): Map<Section, EffectivePolicyItem[]> {
  const out = new Map<Section, EffectivePolicyItem[]>();
  for (const child of root.children) {
    if (child.kind !== "element" || !(SECTIONS as readonly string[]).includes(child.name)) continue;
    const items: EffectivePolicyItem[] = [];
    for (const node of child.children) {
      if (node.kind !== "element") continue;
      items.push({ scope, xml: node.name === "base" ? BASE_MARK : text.slice(node.start, node.end) });
    }
    out.set(child.name as Section, items);
  }
  return out;
}
