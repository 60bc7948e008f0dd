/**
 * Creating with PUT would replace a resource that already has the chosen id: the create
 * dialogs that choose ids ask first, and say "already exists" beside the Id field.
 */
import { managementFetch, ManagementRequestError, type Page } from "@/components/admin/management-fetch";

/** The chosen id names a resource already. */
export class IdTakenError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists`);
    this.name = "IdTakenError";
  }
}

/** Resolves when `path` answers 404; rejects with IdTakenError when it exists, with the request's error otherwise. */
export async function assertIdFree(path: string): Promise<void> {
  const exists = await managementFetch(path).then(
    () => true,
    (error: unknown) => (error instanceof ManagementRequestError && error.status === 404 ? false : Promise.reject(error)),
  );
  if (exists) throw new IdTakenError(path);
}

/**
 * As assertIdFree, for collections that filter by id (`?name=`: apis, products, gateways): the
 * check answers 200 either way, so a free id leaves no 404 in the browser's console.
 */
export async function assertNameFree(collection: string, id: string): Promise<void> {
  const page = await managementFetch<Page<unknown>>(`${collection}?${new URLSearchParams({ name: id, $top: "1" })}`);
  if (page.count > 0) throw new IdTakenError(`${collection}/${encodeURIComponent(id)}`);
}
