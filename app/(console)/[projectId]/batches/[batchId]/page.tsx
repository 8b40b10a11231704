import type { Metadata } from "next";
import { BatchDetail } from "@/components/batches/batch-detail";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Batch" };

export default async function BatchPage({ params }: { params: Promise<{ projectId: string; batchId: string }> }) {
  const { projectId, batchId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return <BatchDetail projectId={projectId} batchId={batchId} canWrite={canWrite} />;
}
