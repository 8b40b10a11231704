import type { Metadata } from "next";
import { Suspense } from "react";
import { FilesPageClient } from "@/components/files/files-page-client";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Files" };

export default async function FilesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return (
    <>
      <PageHeader title="Files" description="The files on this project's upstream, listed from it through the console proxy." />
      <Suspense>
        <FilesPageClient projectId={projectId} canWrite={canWrite} />
      </Suspense>
    </>
  );
}
