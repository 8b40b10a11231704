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
      <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
        <SidebarNav
          label="Settings"
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
