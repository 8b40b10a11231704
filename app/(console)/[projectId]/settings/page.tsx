import type { Metadata } from "next";
import { ArchiveCard } from "@/components/projects/archive-card";
import { ProjectGeneralForm } from "@/components/projects/project-general-form";
import { requirePageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function GeneralSettings({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId, "project.settings.read");
  const project = { ...access.project, archived: Boolean(access.project.archivedAt) };
  return (
    <>
      <ProjectGeneralForm project={project} />
      <ArchiveCard project={project} />
    </>
  );
}
