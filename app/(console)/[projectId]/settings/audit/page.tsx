import type { Metadata } from "next";
import { AuditTable } from "@/components/admin/audit-table";
import { requirePageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Audit log" };

export default async function ProjectAuditPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageProject(projectId, "project.audit.read");
  return <AuditTable projectId={projectId} />;
}
