import type { Metadata } from "next";
import { KeysPanel } from "@/components/api-keys/keys-panel";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysSettings({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, access } = await requirePageProject(projectId, "project.keys.read");
  const canManage = projectRoleAllows(access.role, "project.keys.manage") && !access.project.archivedAt;
  return <KeysPanel projectId={projectId} currentUserId={user.id} canManage={canManage} />;
}
