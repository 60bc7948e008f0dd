import type { BASE, PolicyDiagnostic, Section, Step } from "./policy";

/** One entry of a compiled section: a policy's step, or where `<base />` stood. */
export type SectionItem = Step | typeof BASE;

/** A compiled document: per section, its steps and `<base/>` markers in order; null when absent. */
export type CompiledDocument = Record<Section, SectionItem[] | null>;

/** A compiled document (null when it has an error) and every problem found. */
export interface CompileResult {
  document: CompiledDocument | null;
  diagnostics: PolicyDiagnostic[];
}
