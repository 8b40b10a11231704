import type { ReactNode } from "react";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  // Members and viewers come here for their own API keys only; each page checks its own permission.
  const { access } = await requirePageProject(projectId, "project.keys.read");
  const admin = projectRoleAllows(access.role, "project.settings.read");
  const base = `/${projectId}/settings`;
  return (
    <>
      <PageHeader title="Project settings" />
      {/* Beside the pages only on wide screens: next to the app's own sidebar, a second column
          leaves a settings page too narrow for its tables below 1280 px. Above them, a row. */}
      <div className="grid gap-6 xl:grid-cols-[12rem_1fr] xl:gap-8">
        <SidebarNav
          label="Settings"
          className="flex-row flex-wrap gap-1 xl:flex-col xl:gap-0.5"
          items={[
            ...(admin
              ? [
                  { href: base, label: "General", exact: true },
                  { href: `${base}/members`, label: "Members" },
                  { href: `${base}/connection`, label: "API connection" },
                  { href: `${base}/usage`, label: "Usage and logs" },
                ]
              : []),
            { href: `${base}/keys`, label: "API keys" },
            ...(admin ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
          ]}
        />
        <div className="flex min-w-0 flex-col gap-6">{children}</div>
      </div>
    </>
  );
}
