import { cookies } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { instanceRoleAllows } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { parseTheme, THEME_COOKIE } from "@/lib/client/theme";
import { listProjectsFor } from "@/lib/projects/service";
import { Logo } from "./logo";
import { ProjectSwitcher, type SwitcherProject } from "./project-switcher";
import { type NavItem, SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";

/** The frame of every signed-in page: sidebar with project switcher and areas, header with the user menu. */
export async function AppShell({
  user,
  current,
  nav,
  navLabel,
  children,
}: {
  user: SessionUser;
  current?: SwitcherProject;
  nav: NavItem[];
  navLabel: string;
  children: ReactNode;
}) {
  const projects = await listProjectsFor(user);
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const isAdmin = instanceRoleAllows(user.instanceRole, "instance.members.read");
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col gap-4 border-r border-border bg-surface px-3 py-4">
        <Link href="/" className="px-2" aria-label="Switchboard home">
          <Logo />
        </Link>
        <ProjectSwitcher
          projects={projects.map((p) => ({ id: p.id, name: p.name }))}
          current={current}
          canCreate={instanceRoleAllows(user.instanceRole, "instance.projects.create")}
        />
        <SidebarNav label={navLabel} items={nav} />
        <div className="mt-auto flex flex-col gap-0.5">
          {isAdmin ? <SidebarNav label="Instance" items={[{ href: "/admin", label: "Admin" }]} /> : null}
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end gap-4 border-b border-border bg-surface px-6">
          <UserMenu name={user.name} email={user.email} theme={theme} />
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
