import type { ReactNode } from "react";
import { PageHeader } from "@/components/admin/page-header";
import { ButtonLink } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";

/** An admin list page: its header with an "Add …" button linking to `addHref`, then the list. */
export function ListPage({
  title,
  description,
  addHref,
  addLabel,
  children,
}: {
  title: string;
  description: string;
  addHref: string;
  addLabel: string;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          <ButtonLink href={addHref} icon={<PlusIcon className="h-4 w-4" />}>
            {addLabel}
          </ButtonLink>
        }
      />
      {children}
    </>
  );
}
