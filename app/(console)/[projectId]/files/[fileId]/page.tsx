import type { Metadata } from "next";
import { FileDetail } from "@/components/files/file-detail";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "File" };

export default async function FilePage({ params }: { params: Promise<{ projectId: string; fileId: string }> }) {
  const { projectId, fileId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return (
    <>
      <PageHeader title="File" description="Listed from the upstream through the console proxy." />
      <FileDetail projectId={projectId} fileId={fileId} canWrite={canWrite} />
    </>
  );
}
