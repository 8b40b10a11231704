import type { Metadata } from "next";
import { BatchesPageClient } from "@/components/batches/batches-page-client";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Batches" };

export default async function BatchesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return (
    <>
      <PageHeader
        title="Batches"
        description="Many requests from one JSONL file, run by the upstream in the background at the batch rate."
      />
      <BatchesPageClient projectId={projectId} canWrite={canWrite} />
    </>
  );
}
