import { CopyButton } from "./copy-button";

/** A terminal-style block for a shell command, with a copy button. */
export function CodeBlock({ code, title }: { code: string; title: string }) {
  return (
    <div className="overflow-hidden rounded-xl bg-code shadow-sm ring-1 ring-slate-900/10">
      <div className="flex items-center justify-between border-b border-code-fg/10 px-4 py-2">
        <span className="font-mono text-xs text-code-muted">{title}</span>
        <CopyButton text={code} />
      </div>
      {/* Focusable: a keyboard user scrolls a long line sideways (axe: scrollable-region-focusable). */}
      <pre tabIndex={0} className="overflow-x-auto px-4 py-3 font-mono text-[13px] leading-6 text-code-fg">
        <code>{code}</code>
      </pre>
    </div>
  );
}
