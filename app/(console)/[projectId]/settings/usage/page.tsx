import type { Metadata } from "next";
import { UsageSettingsForm } from "@/components/usage/usage-settings-form";
import { requirePageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Usage and logs" };
export const dynamic = "force-dynamic";

export default async function UsageSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageProject(projectId, "project.settings.read");
  return <UsageSettingsForm projectId={projectId} />;
}
