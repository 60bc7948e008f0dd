import type { Metadata } from "next";
import { ProductDetail } from "@/components/products/product-detail";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

type Props = { params: Promise<{ productId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).productId };
}

export default async function ProductPage({ params }: Props) {
  await requirePortalRole(PUBLISHER_ROLES);
  const { productId } = await params;
  return <ProductDetail productId={productId} />;
}
