import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import type { NavItem } from "@/components/shell/sidebar-nav";
import { Alert } from "@/components/ui/alert";
import { requirePageProject } from "@/lib/auth/page";
import { projectRoleAllows } from "@/lib/auth/permissions";
import { type Capability, navForCapabilities } from "@/lib/connection/capabilities";
import { capabilitiesOf } from "@/lib/upstream/connections";

export const dynamic = "force-dynamic";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, access } = await requirePageProject(projectId);
  const base = `/${projectId}`;
  // Only areas that work are listed; each issue that lands an area adds it here. An area that needs
  // an endpoint the project's upstream lacks (`needs: "batches"`) is left out by navForCapabilities.
  const entries: (NavItem & { needs?: Capability })[] = [
    { href: base, label: "Overview", exact: true },
    { href: `${base}/playground`, label: "Playground", exact: false },
    { href: `${base}/models`, label: "Models", exact: false },
    { href: `${base}/files`, label: "Files", exact: false, needs: "files" },
    { href: `${base}/vector-stores`, label: "Vector stores", exact: false, needs: "vectorStores" },
    { href: `${base}/batches`, label: "Batches", exact: false, needs: "batches" },
    { href: `${base}/fine-tuning`, label: "Fine-tuning", exact: false, needs: "fineTuning" },
  ];
  entries.push({ href: `${base}/usage`, label: "Usage", exact: false });
  if (projectRoleAllows(access.role, "project.logs.read")) entries.push({ href: `${base}/logs`, label: "Logs", exact: false });
  if (projectRoleAllows(access.role, "project.settings.read")) entries.push({ href: `${base}/settings`, label: "Settings", exact: false });
  else entries.push({ href: `${base}/settings/keys`, label: "API keys", exact: false });
  const nav = navForCapabilities(await capabilitiesOf(projectId), entries);
  return (
    <AppShell user={user} current={{ id: access.project.id, name: access.project.name }} nav={nav} navLabel="Project">
      {access.project.archivedAt ? (
        <div className="mb-6">
          <Alert tone="info">This project is archived and read-only.</Alert>
        </div>
      ) : null}
      {children}
    </AppShell>
  );
}
