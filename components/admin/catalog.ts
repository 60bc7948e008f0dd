/**
 * A publisher catalog (APIs, products) as the admin portal names it: one home for the words
 * and paths its list page, its Add button and its empty list share.
 */
export interface Catalog {
  /** The list page; `${path}/new` adds an item, `${path}/{id}` opens one. */
  path: string;
  /** The page's title and the table's accessible name. */
  title: string;
  /** Under the page's title. */
  description: string;
  /** The Add button, in the page's header and in the empty list. */
  addLabel: string;
  /** What the items are, as the list's texts say them: "No APIs yet", "Search APIs", "3 APIs". */
  noun: { one: string; many: string };
  /** What the empty list says the catalog is for. */
  emptyDescription: string;
}

/** The page of one item of the catalog. */
export const catalogItemHref = (catalog: Catalog, name: string) => `${catalog.path}/${encodeURIComponent(name)}`;
