import { z } from "zod";

/** `$top` / `$skip` of a collection GET, as in Azure API Management. */
export const pageQuerySchema = z.object({
  $top: z.coerce.number().int("must be an integer").min(1).max(1000).default(100),
  $skip: z.coerce.number().int("must be an integer").min(0).default(0),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

/** A page of a collection: `{"value": [...], "count": n, "nextLink": url | null}`. */
export interface Page<T> {
  value: T[];
  /** How many items the whole collection holds. */
  count: number;
  /** The URL of the next page; null on the last one. */
  nextLink: string | null;
}

/** Builds the page body; `nextLink` keeps the request's other query parameters. */
export function toPage<T>(request: Request, value: T[], count: number, query: PageQuery): Page<T> {
  const nextSkip = query.$skip + query.$top;
  let nextLink: string | null = null;
  if (nextSkip < count) {
    const url = new URL(request.url);
    url.searchParams.set("$top", String(query.$top));
    url.searchParams.set("$skip", String(nextSkip));
    nextLink = url.toString();
  }
  return { value, count, nextLink };
}
