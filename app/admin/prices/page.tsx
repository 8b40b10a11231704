import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { PricesTable } from "@/components/usage/prices-table";
import { requirePageInstancePermission } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Prices" };

export default async function AdminPrices() {
  await requirePageInstancePermission("instance.prices.manage");
  return (
    <>
      <PageHeader
        title="Prices"
        description="USD per million tokens, per model. A change applies from the moment it is saved; recorded requests keep their cost."
      />
      <PricesTable />
    </>
  );
}
