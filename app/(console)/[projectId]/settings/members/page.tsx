import type { Metadata } from "next";
import { MembersPanel } from "@/components/projects/members-panel";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Members" };
export const dynamic = "force-dynamic";

export default async function MembersSettings({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, access } = await requirePageProject(projectId, "project.settings.read");
  const canManage = projectRoleAllows(access.role, "project.members.manage") && !access.project.archivedAt;
  return <MembersPanel projectId={projectId} currentUserId={user.id} canManage={canManage} />;
}
