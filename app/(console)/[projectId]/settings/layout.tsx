import type { ReactNode } from "react";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageProject } from "@/lib/auth/page";

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageProject(projectId, "project.settings.read");
  const base = `/${projectId}/settings`;
  return (
    <>
      <PageHeader title="Project settings" />
      <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
        <SidebarNav
          label="Settings"
          items={[
            { href: base, label: "General", exact: true },
            { href: `${base}/members`, label: "Members" },
            { href: `${base}/connection`, label: "API connection" },
            { href: `${base}/usage`, label: "Usage and logs" },
          ]}
        />
        <div className="flex min-w-0 flex-col gap-6">{children}</div>
      </div>
    </>
  );
}
