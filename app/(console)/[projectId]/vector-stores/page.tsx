import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { VectorStoresList } from "@/components/vector-stores/vector-stores-list";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Vector stores" };

export default async function VectorStoresPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return (
    <>
      <PageHeader title="Vector stores" description="The upstream's vector stores: files chunked and embedded for file search." />
      <VectorStoresList projectId={projectId} canWrite={canWrite} />
    </>
  );
}
