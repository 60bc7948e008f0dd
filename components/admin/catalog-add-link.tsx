import type { Catalog } from "@/components/admin/catalog";
import { ButtonLink } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";

/** The catalog's "Add …" button, linking to its new-item page. */
export function CatalogAddLink({ catalog }: { catalog: Catalog }) {
  return (
    <ButtonLink href={`${catalog.path}/new`} icon={<PlusIcon className="h-4 w-4" />}>
      {catalog.addLabel}
    </ButtonLink>
  );
}
