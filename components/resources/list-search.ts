/** How a list's search box filters and counts; pure, so the rules are unit-tested. */

/** True when every word of `query` appears in `text`, ignoring case; an empty query matches all. */
export function matchesQuery(text: string, query: string): boolean {
  const haystack = text.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** "3 APIs", "1 API", or while searching "2 of 3 APIs". */
export function countText(visible: number, total: number, searching: boolean, noun: { one: string; many: string }): string {
  if (searching) return `${visible} of ${total} ${noun.many}`;
  return `${total} ${total === 1 ? noun.one : noun.many}`;
}
