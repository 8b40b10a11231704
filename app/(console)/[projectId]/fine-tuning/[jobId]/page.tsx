import type { Metadata } from "next";
import { JobDetail } from "@/components/fine-tuning/job-detail";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Fine-tuning job" };

export default async function FineTuningJobPage({ params }: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return <JobDetail projectId={projectId} jobId={jobId} canWrite={canWrite} />;
}
