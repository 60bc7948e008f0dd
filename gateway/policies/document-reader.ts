import type { CompiledDocument, SectionItem } from "./compiled-document";
import { compileExpression, isExpression } from "./expressions/compile-expression";
import {
  BASE,
  CONTINUE,
  SECTIONS,
  type AttributeSpec,
  type AttributeValues,
  type Dynamic,
  type PolicyDefinition,
  type PolicyDiagnostic,
  type PolicyReader,
  type PolicyScope,
  type Section,
  type Step,
} from "./policy";
import { POLICY_DEFINITIONS } from "./registry";
import { NOT_IMPLEMENTED, UNSUPPORTED_ON_HANDSHAKE } from "./unsupported-policies";
import { lineAndColumn, nodeRange, type XmlAttribute, type XmlElement, type XmlNode } from "./xml/xml-tree";

const REGISTRY: ReadonlyMap<string, PolicyDefinition<unknown>> = new Map(POLICY_DEFINITIONS.map((d) => [d.name, d as PolicyDefinition<unknown>]));

/** Policies accepted outside `<inbound>` (they do nothing at a handshake but are common in APIM documents). */
const PASSIVE_OUTSIDE_INBOUND = new Set(["forward-request"]);

/** The one PolicyReader: reads a parsed document's sections and policies, collecting diagnostics with their positions. */
export class DocumentReader implements PolicyReader {
  constructor(
    private readonly source: string,
    readonly scope: PolicyScope,
    private readonly diagnostics: PolicyDiagnostic[],
  ) {}

  document(root: XmlElement): CompiledDocument {
    const document: CompiledDocument = { inbound: null, backend: null, outbound: null, "on-error": null };
    this.noAttributes(root);
    for (const element of this.children(root)) {
      if (!(SECTIONS as readonly string[]).includes(element.name)) {
        this.error(element, `<${element.name}> is not a section: <policies> contains <inbound>, <backend>, <outbound> and <on-error>`);
        continue;
      }
      const section = element.name as Section;
      if (document[section] !== null) {
        this.error(element, `the <${section}> section appears twice`);
        continue;
      }
      this.noAttributes(element);
      document[section] = this.section(element, section);
    }
    return document;
  }

  private section(element: XmlElement, section: Section): SectionItem[] {
    const items: SectionItem[] = [];
    let sawBase = false;
    for (const child of this.children(element)) {
      if (child.name === BASE) {
        if (child.attributes.length > 0 || child.children.length > 0) this.error(child, "<base /> takes no attributes or content");
        if (this.scope === "global") this.error(child, "<base /> has nothing to inherit at the global scope (All APIs)");
        else if (sawBase) this.error(child, `<base /> appears twice in <${section}>`);
        sawBase = true;
        items.push(BASE);
        continue;
      }
      items.push(...this.policies([child], section));
    }
    return items;
  }

  policies(elements: XmlElement[], section: Section): Step[] {
    const steps: Step[] = [];
    for (const element of elements) {
      const step = this.policy(element, section);
      if (step) steps.push(step);
    }
    return steps;
  }

  private policy(element: XmlElement, section: Section): Step | null {
    const name = element.name;
    if (name === BASE) {
      this.error(element, "<base /> belongs directly in a section, not inside another policy");
      return null;
    }
    if (UNSUPPORTED_ON_HANDSHAKE.has(name)) {
      if (this.scope === "api") {
        this.error(element, `<${name}> is not supported on the onHandshake operation of a WebSocket API`);
        return null;
      }
      this.warning(element, `<${name}> is not supported on onHandshake: WebSocket APIs that inherit it skip it`);
      return skippedStep(name, this.scope);
    }
    if (section !== "inbound" && PASSIVE_OUTSIDE_INBOUND.has(name)) return null;
    const definition = REGISTRY.get(name);
    if (definition === undefined) {
      if (NOT_IMPLEMENTED.has(name)) this.error(element, `<${name}> is an API Management policy that Portcullis does not support`);
      else this.error(element, unknownPolicyMessage(name));
      return null;
    }
    if (!definition.sections.includes(section)) {
      this.error(element, `<${name}> is not allowed in <${section}> (allowed in: ${definition.sections.map((s) => `<${s}>`).join(", ")})`);
      return null;
    }
    const before = this.errorCount();
    const config = definition.parse(element, this);
    if (config === null || this.errorCount() > before) return null;
    if (section !== "inbound") {
      this.warning(element, `<${section}> does not run at a WebSocket handshake: only <inbound> policies run on onHandshake`);
      return null;
    }
    const scope = this.scope;
    return { name, scope, run: (ctx) => definition.apply(config, ctx) };
  }

  attributes<S extends AttributeSpec>(element: XmlElement, spec: S): AttributeValues<S> {
    const values: Record<string, unknown> = {};
    const byName = new Map(element.attributes.map((a) => [a.name, a]));
    for (const attribute of element.attributes) {
      if (!(attribute.name in spec)) {
        const known = Object.keys(spec);
        this.error(attribute, `<${element.name}> has no attribute '${attribute.name}'${known.length ? ` (known: ${known.join(", ")})` : ""}`);
      }
    }
    for (const [name, type] of Object.entries(spec)) {
      const attribute = byName.get(name);
      if (attribute === undefined) {
        if (type.required) this.error(element, `<${element.name}> needs the attribute '${name}'`);
        continue;
      }
      values[name] = this.attributeValue(element, attribute, type);
    }
    return values as AttributeValues<S>;
  }

  private attributeValue(element: XmlElement, attribute: XmlAttribute, type: AttributeSpec[string]): unknown {
    const raw = attribute.value;
    if (isExpression(raw)) {
      if (type.type === "enum" || !type.dynamic) {
        this.error(attribute, `'${attribute.name}' of <${element.name}> does not accept a policy expression`);
        return undefined;
      }
      const evaluate = this.dynamic(raw, attribute);
      if (type.type === "integer") return (ctx: Parameters<Dynamic<number>>[0]) => toInteger(evaluate(ctx));
      if (type.type === "boolean") return (ctx: Parameters<Dynamic<boolean>>[0]) => toBoolean(evaluate(ctx));
      return (ctx: Parameters<Dynamic<string>>[0]) => toText(evaluate(ctx));
    }
    const constant = this.constant(element, attribute, type);
    if (constant === undefined) return undefined;
    return "dynamic" in type && type.dynamic ? () => constant : constant;
  }

  private constant(element: XmlElement, attribute: XmlAttribute, type: AttributeSpec[string]): string | number | boolean | undefined {
    const raw = attribute.value.trim();
    const where = `'${attribute.name}' of <${element.name}>`;
    switch (type.type) {
      case "string":
        return attribute.value;
      case "boolean":
        if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
        this.error(attribute, `${where} must be true or false, not '${attribute.value}'`);
        return undefined;
      case "integer": {
        if (!/^-?\d{1,15}$/.test(raw)) {
          this.error(attribute, `${where} must be a whole number, not '${attribute.value}'`);
          return undefined;
        }
        const n = Number(raw);
        if (type.min !== undefined && n < type.min) {
          this.error(attribute, `${where} must be at least ${type.min}`);
          return undefined;
        }
        if (type.max !== undefined && n > type.max) {
          this.error(attribute, `${where} must be at most ${type.max}`);
          return undefined;
        }
        return n;
      }
      case "enum": {
        const match = type.values.find((v) => v.toLowerCase() === raw.toLowerCase());
        if (match !== undefined) return match;
        this.error(attribute, `${where} must be one of ${type.values.map((v) => `'${v}'`).join(", ")}, not '${attribute.value}'`);
        return undefined;
      }
    }
  }

  children(element: XmlElement): XmlElement[] {
    const out: XmlElement[] = [];
    for (const child of element.children) {
      if (child.kind === "element") out.push(child);
      else if (child.value.trim() !== "") this.error(child, `<${element.name}> contains elements, not text`);
    }
    return out;
  }

  *childrenNamed(element: XmlElement, name: string, label = `<${element.name}>`): Generator<XmlElement> {
    // A generator, so each stray child is reported in document order among its siblings' own diagnostics.
    for (const child of this.children(element)) {
      if (child.name === name) yield child;
      else this.error(child, `${label} contains <${name}> elements, not <${child.name}>`);
    }
  }

  noContent(element: XmlElement, nameChild = false): void {
    for (const child of this.children(element)) this.error(child, `<${element.name}> takes no content${nameChild ? ` (<${child.name}>)` : ""}`);
  }

  noAttributes(element: XmlElement, label = `<${element.name}>`): void {
    for (const attribute of element.attributes) this.error(attribute, `${label} takes no attributes ('${attribute.name}')`);
  }

  text(element: XmlElement): Dynamic<string> | null {
    let value = "";
    let first: XmlNode | null = null;
    for (const child of element.children) {
      if (child.kind === "element") {
        this.error(child, `<${element.name}> contains text, not elements`);
        return null;
      }
      first ??= child;
      value += child.value;
    }
    const trimmed = value.trim();
    if (first === null || trimmed === "") return null;
    if (isExpression(trimmed)) {
      const evaluate = this.dynamic(trimmed, first, value.indexOf(trimmed));
      return (ctx) => toText(evaluate(ctx));
    }
    return () => trimmed;
  }

  dynamic(value: string, node: XmlNode | XmlAttribute, shift = 0): Dynamic<unknown> {
    if (!isExpression(value)) return () => value;
    const compiled = compileExpression(value);
    if (compiled.ok) return compiled.evaluate;
    const base = (node.kind === "attribute" ? node.valueStart : node.start) + shift;
    this.report(base + compiled.offset, base + compiled.offset + Math.max(1, compiled.length), "error", compiled.message);
    return () => null;
  }

  error(node: XmlNode | XmlAttribute, message: string): void {
    const { from, to } = nodeRange(node);
    this.report(from, to, "error", message);
  }

  warning(node: XmlNode | XmlAttribute, message: string): void {
    const { from, to } = nodeRange(node);
    this.report(from, to, "warning", message);
  }

  private report(from: number, to: number, severity: PolicyDiagnostic["severity"], message: string): void {
    this.diagnostics.push({ from, to, ...lineAndColumn(this.source, from), severity, message });
  }

  private errorCount(): number {
    let n = 0;
    for (const d of this.diagnostics) if (d.severity === "error") n++;
    return n;
  }
}

/** An inherited policy that onHandshake does not support: skipped, and said so once per API. */
function skippedStep(name: string, scope: PolicyScope): Step {
  return {
    name,
    scope,
    run: (ctx) => {
      ctx.services.skipped(ctx.api.id, name);
      return CONTINUE;
    },
  };
}

function unknownPolicyMessage(name: string): string {
  const suggestion = closest(name, [...REGISTRY.keys(), ...UNSUPPORTED_ON_HANDSHAKE]);
  return `unknown policy <${name}>${suggestion ? ` (did you mean <${suggestion}>?)` : ""}`;
}

/** The known name within edit distance 2 of `name`, if any. */
function closest(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** C#-ish conversions of an expression's value. */
function toText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

function toInteger(value: unknown): number {
  const n = typeof value === "number" ? value : Number.parseInt(toText(value), 10);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return toText(value).toLowerCase() === "true";
}
