import type { Metadata } from "next";
import { AuditTable } from "@/components/admin/audit-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageInstancePermission } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Audit log" };

export default async function AdminAudit() {
  await requirePageInstancePermission("instance.audit.read");
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every administrative change and every sign-in on this instance, newest first. Entries are never changed or deleted."
      />
      <AuditTable />
    </>
  );
}
