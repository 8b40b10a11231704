import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageInstancePermission } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requirePageInstancePermission("instance.members.read");
  const nav = [
    { href: "/admin/members", label: "Members" },
    { href: "/admin/projects", label: "Projects" },
    { href: "/admin/usage", label: "Usage" },
    { href: "/admin/prices", label: "Prices" },
    { href: "/admin/audit", label: "Audit log" },
    { href: "/admin/openai", label: "OpenAI organization" },
  ];
  return (
    <AppShell user={user} nav={nav} navLabel="Admin">
      {children}
    </AppShell>
  );
}
