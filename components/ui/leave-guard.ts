/** The parts of a click that decide whether it navigates this tab. */
export interface ClickFacts {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}

/** The parts of a link that decide where it goes. */
export interface LinkFacts {
  href: string;
  /** The `target` attribute ("" when absent). */
  target: string;
  download: boolean;
}

/**
 * Where a click on a link takes this tab when that is another page of this portal (the App
 * Router's client-side navigation, which fires no `beforeunload`), else null: a new tab or
 * window, a download, a jump within the page, or another site (the browser's own
 * `beforeunload` prompt covers leaving the portal).
 */
export function leavingHref(click: ClickFacts, link: LinkFacts, here: string): string | null {
  if (click.defaultPrevented || click.button !== 0) return null;
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return null;
  if ((link.target !== "" && link.target !== "_self") || link.download) return null;
  let to: URL;
  const from = new URL(here);
  try {
    to = new URL(link.href, from);
  } catch {
    return null;
  }
  if (to.origin !== from.origin) return null;
  if (to.pathname === from.pathname && to.search === from.search) return null;
  return to.href;
}
