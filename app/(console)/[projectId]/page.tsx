import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { connectionSummary } from "@/lib/upstream/connections";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function ProjectOverview({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { access } = await requirePageProject(projectId);
  const prisma = await db();
  const [memberCount, connection] = await Promise.all([prisma.projectMember.count({ where: { projectId } }), connectionSummary(projectId)]);
  const canManage = projectRoleAllows(access.role, "project.settings.read");
  const canManageConnection = projectRoleAllows(access.role, "project.connection.read");
  return (
    <>
      <PageHeader title={access.project.name} description="Project overview" />
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Your role">
          <Badge tone={access.role === "admin" ? "accent" : "neutral"}>{access.role}</Badge>
          <p className="mt-2 text-sm text-fg-muted">
            {
              {
                admin: "You manage this project's settings and members.",
                member: "You use this project.",
                viewer: "You can read this project.",
              }[access.role]
            }
          </p>
        </Card>
        <Card title="Members">
          <p className="text-2xl font-semibold">{memberCount}</p>
          {canManage ? (
            <Link href={`/${projectId}/settings/members`} className="text-sm text-accent hover:underline">
              Manage members
            </Link>
          ) : null}
        </Card>
        <Card title="API connection">
          {connection ? (
            <>
              <p className="flex items-center gap-2">
                <span className="font-medium">{connection.label}</span>
                {connection.kind === "sandbox" ? <Badge tone="warning">offline, not a real model</Badge> : null}
              </p>
              <p className="mt-2 text-sm text-fg-muted">
                {connection.kind === "sandbox"
                  ? "Switchboard's built-in OpenAI-compatible upstream: deterministic sandbox-… models, no key or network needed."
                  : connection.baseUrl}
              </p>
              {connection.apiKey ? <p className="mt-1 font-mono text-xs text-fg-muted">key {connection.apiKey}</p> : null}
            </>
          ) : (
            <p className="text-sm text-fg-muted">No upstream connected.</p>
          )}
          {canManageConnection ? (
            <Link href={`/${projectId}/settings/connection`} className="mt-2 inline-block text-sm text-accent hover:underline">
              Change connection
            </Link>
          ) : null}
        </Card>
      </div>
    </>
  );
}
