import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { requirePageInstancePermission } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Usage" };

export default async function AdminUsage() {
  await requirePageInstancePermission("instance.usage.read");
  return (
    <>
      <PageHeader title="Usage" description="Every project on this instance." />
      <UsageDashboard projectId={null} />
    </>
  );
}
