import type { Metadata } from "next";
import { Playground } from "@/components/playground/playground";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId);
  return (
    <>
      <PageHeader title="Playground" description="Try prompts against this project's upstream, streamed as the model writes." />
      <Playground projectId={projectId} canRun={projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt} />
    </>
  );
}
