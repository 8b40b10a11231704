"use client";

import { type FormEvent, useState } from "react";
import { useProjects } from "@/components/projects/hooks";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { inputClass, SelectField, TextField } from "@/components/ui/field";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { INSTANCE_ROLE_OPTIONS, PROJECT_ROLE_OPTIONS } from "@/lib/client/roles";
import { createInvitationInput } from "@/lib/invitations/schema";
import { type IssuedLink as Link, useCreateInvitation } from "./hooks";
import { IssuedLink } from "./issued-link";

export function InviteDialog({ open, onClose, canGrantOwner }: { open: boolean; onClose: () => void; canGrantOwner: boolean }) {
  const create = useCreateInvitation();
  const projects = useProjects();
  const [made, setMade] = useState<(Link & { email: string }) | null>(null);
  const { errors, setErrors, close, formRef } = useDialogFormErrors(() => {
    setMade(null);
    onClose();
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = (projects.data ?? [])
      .filter((project) => form.get(`project-${project.id}`) === "on")
      .map((project) => ({ projectId: project.id, role: String(form.get(`role-${project.id}`) ?? "member") }));
    const { data, errors: invalid } = validate(createInvitationInput, {
      email: form.get("email"),
      instanceRole: form.get("instanceRole"),
      projects: chosen,
      expiresInDays: form.get("expiresInDays"),
    });
    setErrors(invalid);
    if (!data) return;
    try {
      const result = await create.mutateAsync(data);
      setMade({ ...result, email: result.invitation.email });
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }

  const roleOptions = INSTANCE_ROLE_OPTIONS.filter((option) => canGrantOwner || option.value !== "owner");
  const activeProjects = (projects.data ?? []).filter((project) => !project.archivedAt);
  return (
    <Dialog open={open} onClose={close} title={made ? "Invitation ready" : "Invite someone"}>
      {made ? (
        <>
          <p className="text-sm">
            Send this link to <strong>{made.email}</strong>. They choose a name and password and land in their projects.
          </p>
          <IssuedLink link={made} label="Invitation link" />
          <DialogActions>
            <Button onClick={close} autoFocus>
              Done
            </Button>
          </DialogActions>
        </>
      ) : (
        <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          {errors._form ? <Alert>{errors._form}</Alert> : null}
          <TextField label="Email" name="email" type="email" required autoFocus error={errors.email} />
          <SelectField label="Instance role" name="instanceRole" defaultValue="member" options={roleOptions} error={errors.instanceRole} />
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Projects</legend>
            {errors.projects ? <p className="text-xs text-danger">{errors.projects}</p> : null}
            {activeProjects.length === 0 ? <p className="text-sm text-fg-muted">No projects yet.</p> : null}
            {activeProjects.map((project) => (
              <div key={project.id} className="flex items-center gap-3">
                <label className="flex flex-1 items-center gap-2">
                  <input type="checkbox" name={`project-${project.id}`} className="size-4 accent-[var(--accent)]" />
                  {project.name}
                </label>
                <select
                  name={`role-${project.id}`}
                  aria-label={`Role in ${project.name}`}
                  defaultValue="member"
                  className={cn(inputClass, "h-8 w-28")}
                >
                  {PROJECT_ROLE_OPTIONS.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.value}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </fieldset>
          <TextField
            label="Link expires after (days)"
            name="expiresInDays"
            type="number"
            min={1}
            max={30}
            defaultValue={7}
            error={errors.expiresInDays}
          />
          <DialogActions>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create invitation
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
