import type { Metadata } from "next";
import Link from "next/link";
import { CreateJobForm } from "@/components/fine-tuning/create-job-form";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "New fine-tuning job" };

export default async function NewFineTuningJobPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return (
    <>
      <div className="mb-2">
        <Link href={`/${projectId}/fine-tuning`} className="text-sm text-accent hover:underline">
          ← Fine-tuning
        </Link>
      </div>
      <PageHeader title="New fine-tuning job" description="Train a model of the upstream on your examples." />
      {canWrite ? (
        <CreateJobForm projectId={projectId} />
      ) : (
        <Alert tone="info">Your role in this project can see fine-tuning jobs but not create them.</Alert>
      )}
    </>
  );
}
