import type { Metadata } from "next";
import { VectorStoreDetail } from "@/components/vector-stores/vector-store-detail";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Vector store" };

export default async function VectorStorePage({ params }: { params: Promise<{ projectId: string; vectorStoreId: string }> }) {
  const { projectId, vectorStoreId } = await params;
  const { access } = await requirePageProject(projectId);
  const canWrite = projectRoleAllows(access.role, "project.api.write") && !access.project.archivedAt;
  return <VectorStoreDetail projectId={projectId} vectorStoreId={vectorStoreId} canWrite={canWrite} />;
}
