import type { Metadata } from "next";
import { CreateJobLink, JobsList } from "@/components/fine-tuning/jobs-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Fine-tuning" };

export default async function FineTuningPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return (
    <>
      <PageHeader
        title="Fine-tuning"
        description="The upstream's fine-tuning jobs: models trained on your examples."
        actions={canWrite ? <CreateJobLink projectId={projectId} /> : null}
      />
      <JobsList projectId={projectId} canWrite={canWrite} />
    </>
  );
}
