"use client";

import Link from "next/link";
import { useState } from "react";
import { CreateProjectDialog } from "@/components/projects/create-project-dialog";
import { Menu, menuItemClass } from "@/components/ui/menu";

export interface SwitcherProject {
  id: string;
  name: string;
}

export function ProjectSwitcher({
  projects,
  current,
  canCreate,
}: {
  projects: SwitcherProject[];
  current?: SwitcherProject;
  canCreate: boolean;
}) {
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Menu
        label="Switch project"
        trigger={
          <>
            <span
              aria-hidden
              className="flex size-6 shrink-0 items-center justify-center rounded bg-accent/15 text-xs font-semibold text-accent"
            >
              {(current?.name ?? "?").slice(0, 1).toUpperCase()}
            </span>
            <span className="min-w-0 flex-1">
              <span className="block text-[11px] uppercase tracking-wide text-fg-muted">Project</span>
              <span className="block truncate font-medium">{current?.name ?? "Choose a project"}</span>
            </span>
            <span aria-hidden className="text-fg-muted">
              ▾
            </span>
          </>
        }
      >
        {(close) => (
          <>
            {projects.map((project) => (
              <Link
                key={project.id}
                href={`/${project.id}`}
                role="menuitem"
                aria-current={project.id === current?.id ? "true" : undefined}
                className={menuItemClass}
                onClick={close}
              >
                <span className="flex-1 truncate">{project.name}</span>
                {project.id === current?.id ? <span aria-hidden>✓</span> : null}
              </Link>
            ))}
            {canCreate ? (
              <>
                <div className="my-1 border-t border-border" />
                <button
                  type="button"
                  role="menuitem"
                  className={menuItemClass}
                  onClick={() => {
                    close();
                    setCreating(true);
                  }}
                >
                  + New project
                </button>
              </>
            ) : null}
          </>
        )}
      </Menu>
      {canCreate ? <CreateProjectDialog open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
