"use client";

import Link from "next/link";
import { useState } from "react";
import { CreateProjectDialog } from "@/components/projects/create-project-dialog";
import { type ProjectRow, useProjects, useUpdateProject } from "@/components/projects/hooks";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi } from "@/lib/client/form";

export function ProjectsTable() {
  const projects = useProjects(true);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Projects"
        description="Every project on this instance, archived ones included."
        actions={<Button onClick={() => setCreating(true)}>New project</Button>}
      />
      {projects.isPending ? (
        <Spinner label="Loading projects…" />
      ) : projects.isError ? (
        <Alert>{projects.error.message}</Alert>
      ) : (
        <Table label="Projects">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Slug</Th>
              <Th>Created</Th>
              <Th>Status</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {projects.data.map((project) => (
              <ProjectRowView key={project.id} project={project} />
            ))}
          </tbody>
        </Table>
      )}
      <CreateProjectDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function ProjectRowView({ project }: { project: ProjectRow }) {
  const update = useUpdateProject(project.id);
  const [error, setError] = useState<string | null>(null);
  return (
    <tr>
      <Td className="font-medium">
        <Link href={`/${project.id}`} className="hover:underline">
          {project.name}
        </Link>
        {error ? <p className="text-xs text-danger">{error}</p> : null}
      </Td>
      <Td className="font-mono text-xs">{project.slug}</Td>
      <Td className="text-fg-muted">{new Date(project.createdAt).toLocaleDateString()}</Td>
      <Td>{project.archivedAt ? <Badge tone="warning">archived</Badge> : <Badge tone="success">active</Badge>}</Td>
      <Td className="text-right">
        {project.archivedAt ? (
          <Button
            variant="secondary"
            size="sm"
            loading={update.isPending}
            onClick={() => update.mutateAsync({ archived: false }).catch((err) => setError(errorsFromApi(err)._form ?? "Failed"))}
          >
            Restore
          </Button>
        ) : (
          <Link href={`/${project.id}/settings`} className="text-sm text-accent hover:underline">
            Settings
          </Link>
        )}
      </Td>
    </tr>
  );
}
