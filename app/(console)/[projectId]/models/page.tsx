import type { Metadata } from "next";
import { ModelsTable } from "@/components/models/models-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageProject(projectId);
  return (
    <>
      <PageHeader title="Models" description="What this project's upstream offers, as its /models lists it." />
      <ModelsTable projectId={projectId} />
    </>
  );
}
