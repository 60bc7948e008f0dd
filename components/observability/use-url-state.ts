"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

/** A change to the query string: a value sets, null or "" removes. */
export type UrlPatch = Record<string, string | null>;

/**
 * A view's state in its URL's query string, so it survives a reload, can be bookmarked and
 * shared, and the back button steps through it: a choice is pushed (one history entry per
 * choice), typing is replaced (no entry per keystroke).
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // The query string last asked for, until the router has it: a navigation takes a server round
  // trip, and a second change meanwhile (a code typed, then an API chosen) must build on the
  // first, not on the query string still shown.
  const asked = useRef<string | null>(null);
  useEffect(() => {
    if (asked.current === params.toString()) asked.current = null;
  }, [params]);
  // Back and forward go where the history says, whatever was asked before.
  useEffect(() => {
    const forget = () => (asked.current = null);
    window.addEventListener("popstate", forget);
    return () => window.removeEventListener("popstate", forget);
  }, []);
  const update = useCallback(
    (patch: UrlPatch, mode: "push" | "replace" = "push") => {
      const current = asked.current ?? params.toString();
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      if (query === current) return;
      asked.current = query === params.toString() ? null : query;
      router[mode](query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  return { params, update };
}

/** `path` with the query string of `params`, minus `drop`: a link that carries the view's state. */
export function withQuery(path: string, params: URLSearchParams, drop: readonly string[] = []): string {
  const next = new URLSearchParams(params.toString());
  for (const key of drop) next.delete(key);
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}
