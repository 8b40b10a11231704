"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { createOrgProjectInput } from "@/lib/openai-org/schema";
import { useOrgProject, useUpdateOrgProject } from "./hooks";
import { KeysCard } from "./keys-card";
import { LinkCard } from "./link-card";
import { MembersCard } from "./members-card";
import { RateLimitsCard } from "./rate-limits-card";
import { ServiceAccountsCard } from "./service-accounts-card";
import { SpendCard } from "./spend-card";

/** One organization project: its members, keys, service accounts, limits and linked Switchboard projects. */
export function OrgProjectPage({ via, id }: { via: string; id: string }) {
  const project = useOrgProject(via, id);
  const [renaming, setRenaming] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const update = useUpdateOrgProject(via, id);
  const back = (
    <Link href={`/admin/openai?via=${encodeURIComponent(via)}`} className="text-sm text-accent hover:underline">
      ← All projects
    </Link>
  );
  if (project.isPending) return <Spinner label="Loading project…" />;
  if (project.isError) {
    return (
      <div className="flex flex-col gap-3">
        {back}
        <Alert>{project.error.message}</Alert>
      </div>
    );
  }
  const archived = project.data.archived_at !== null;
  return (
    <div className="flex flex-col gap-6">
      {back}
      <PageHeader
        title={project.data.name ?? project.data.id}
        description={
          <span className="flex items-center gap-2">
            <span className="font-mono text-xs">{project.data.id}</span>
            {archived ? <Badge tone="warning">archived</Badge> : <Badge tone="success">active</Badge>}
          </span>
        }
        actions={
          archived ? null : (
            <>
              <Button variant="secondary" onClick={() => setRenaming(true)}>
                Rename
              </Button>
              <Button variant="danger" onClick={() => setArchiving(true)}>
                Archive
              </Button>
            </>
          )
        }
      />
      {archived ? <Alert tone="info">This project is archived: it can no longer be used or changed.</Alert> : null}
      <LinkCard via={via} id={id} />
      <ServiceAccountsCard via={via} id={id} archived={archived} />
      <KeysCard via={via} id={id} />
      <RateLimitsCard via={via} id={id} archived={archived} />
      <SpendCard via={via} id={id} archived={archived} />
      <MembersCard via={via} id={id} archived={archived} />
      <RenameDialog via={via} id={id} current={project.data.name ?? ""} open={renaming} onClose={() => setRenaming(false)} />
      <ConfirmDialog
        open={archiving}
        title="Archive this project?"
        confirmLabel="Archive project"
        pending={update.isPending}
        error={update.isError ? update.error.message : null}
        onClose={() => {
          update.reset();
          setArchiving(false);
        }}
        onConfirm={() => update.mutate({ archived: true }, { onSuccess: () => setArchiving(false) })}
      >
        Its keys stop working and it can no longer be changed. The Admin API cannot restore an archived project.
      </ConfirmDialog>
    </div>
  );
}

function RenameDialog({
  via,
  id,
  current,
  open,
  onClose,
}: {
  via: string;
  id: string;
  current: string;
  open: boolean;
  onClose: () => void;
}) {
  const update = useUpdateOrgProject(via, id);
  const { errors, setErrors, close, formRef } = useDialogFormErrors(onClose);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, errors: invalid } = validate(createOrgProjectInput, { name: new FormData(event.currentTarget).get("name") });
    setErrors(invalid);
    if (!data) return;
    try {
      await update.mutateAsync(data);
      close();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }
  return (
    <Dialog open={open} onClose={close} title="Rename project">
      <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <TextField label="Name" name="name" defaultValue={current} required autoFocus error={errors.name} />
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
