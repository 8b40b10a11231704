import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

export default async function UsagePage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId, "project.usage.read");
  return (
    <>
      <PageHeader title="Usage" description="Requests, tokens and cost of this project, from the console and its API keys." />
      <UsageDashboard projectId={projectId} canReconcile={projectRoleAllows(access.role, "project.usage.reconcile")} />
    </>
  );
}
