"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { createOrgProjectInput } from "@/lib/openai-org/schema";
import { ConnectionPicker, NoAdminKey } from "./connection-picker";
import { formatUnix } from "./format";
import { useAdminConnections, useCreateOrgProject, useOrgProjects } from "./hooks";

/** Admin → OpenAI organization: pick the connection, then the organization's projects. */
export function OrgHome() {
  const connections = useAdminConnections();
  const requested = useSearchParams().get("via");
  if (connections.isPending) return <Spinner label="Loading connections…" />;
  if (connections.isError) return <Alert>{connections.error.message}</Alert>;
  const withKey = connections.data.filter((c) => c.adminKey);
  const via = withKey.find((c) => c.projectId === requested)?.projectId ?? withKey[0]?.projectId;
  return (
    <>
      <PageHeader
        title="OpenAI organization"
        description="The upstream organization's projects, members, API keys, service accounts and limits, through its Admin API."
      />
      {via ? (
        <div className="flex flex-col gap-6">
          <ConnectionPicker connections={connections.data} via={via} />
          <OrgProjects via={via} />
        </div>
      ) : (
        <NoAdminKey connections={connections.data} />
      )}
    </>
  );
}

function OrgProjects({ via }: { via: string }) {
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const projects = useOrgProjects(via, includeArchived);
  return (
    <section aria-label="Organization projects" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Projects</h2>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
            Show archived
          </label>
          <Button onClick={() => setCreating(true)}>New project</Button>
        </div>
      </div>
      {projects.isPending ? (
        <Spinner label="Loading projects…" />
      ) : projects.isError ? (
        <Alert>{projects.error.message}</Alert>
      ) : (
        <Table label="Organization projects">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>ID</Th>
              <Th>Created</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {projects.data.data.map((project) => (
              <tr key={project.id}>
                <Td className="font-medium">
                  <Link href={`/admin/openai/${encodeURIComponent(project.id)}?via=${encodeURIComponent(via)}`} className="hover:underline">
                    {project.name ?? project.id}
                  </Link>
                </Td>
                <Td className="font-mono text-xs">{project.id}</Td>
                <Td className="text-fg-muted">{formatUnix(project.created_at)}</Td>
                <Td>{project.archived_at ? <Badge tone="warning">archived</Badge> : <Badge tone="success">active</Badge>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {projects.data?.has_more ? <p className="text-xs text-fg-muted">Showing the first 100 projects.</p> : null}
      <CreateOrgProjectDialog via={via} open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}

function CreateOrgProjectDialog({ via, open, onClose }: { via: string; open: boolean; onClose: () => void }) {
  const create = useCreateOrgProject(via);
  const { errors, setErrors, close, formRef } = useDialogFormErrors(onClose);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, errors: invalid } = validate(createOrgProjectInput, { name: new FormData(event.currentTarget).get("name") });
    setErrors(invalid);
    if (!data) return;
    try {
      await create.mutateAsync(data);
      close();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }
  return (
    <Dialog open={open} onClose={close} title="New organization project">
      <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <TextField label="Name" name="name" required autoFocus error={errors.name} />
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create project
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
