import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { RequestLog } from "@/components/usage/request-log";
import { requirePageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Logs" };
export const dynamic = "force-dynamic";

export default async function LogsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageProject(projectId, "project.logs.read");
  return (
    <>
      <PageHeader title="Logs" description="Every request this project made upstream, newest first." />
      <RequestLog projectId={projectId} />
    </>
  );
}
