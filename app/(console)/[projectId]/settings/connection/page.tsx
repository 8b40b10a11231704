import type { Metadata } from "next";
import { ConnectionPanel } from "@/components/connection/connection-panel";
import { requirePageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "API connection" };
export const dynamic = "force-dynamic";

export default async function ConnectionSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId, "project.connection.read");
  return <ConnectionPanel projectId={projectId} readOnly={Boolean(access.project.archivedAt)} />;
}
