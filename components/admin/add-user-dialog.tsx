"use client";

import type { FormEvent } from "react";
import { useProjects } from "@/components/projects/hooks";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { inputClass, SelectField, TextField } from "@/components/ui/field";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { INSTANCE_ROLE_OPTIONS, PROJECT_ROLE_OPTIONS } from "@/lib/client/roles";
import { createUserInput } from "@/lib/users/schema";
import { PASSWORD_RULE } from "@/lib/validation/common";
import { useCreateUser } from "./hooks";

export function AddUserDialog({ open, onClose, canGrantOwner }: { open: boolean; onClose: () => void; canGrantOwner: boolean }) {
  const create = useCreateUser();
  const projects = useProjects();
  const { errors, setErrors, close, formRef } = useDialogFormErrors(onClose);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = (projects.data ?? [])
      .filter((project) => form.get(`project-${project.id}`) === "on")
      .map((project) => ({ projectId: project.id, role: String(form.get(`role-${project.id}`) ?? "member") }));
    const { data, errors: invalid } = validate(createUserInput, {
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
      instanceRole: form.get("instanceRole"),
      projects: chosen,
    });
    setErrors(invalid);
    if (!data) return;
    try {
      await create.mutateAsync(data);
      close();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }

  const roleOptions = INSTANCE_ROLE_OPTIONS.filter((option) => canGrantOwner || option.value !== "owner");
  return (
    <Dialog open={open} onClose={close} title="Add a member">
      <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <TextField label="Name" name="name" required autoFocus error={errors.name} />
        <TextField label="Email" name="email" type="email" required error={errors.email} />
        <TextField
          label="First password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          hint={`Give it to them privately. Use ${PASSWORD_RULE}.`}
        />
        <SelectField label="Instance role" name="instanceRole" defaultValue="member" options={roleOptions} error={errors.instanceRole} />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Projects</legend>
          {errors.projects ? <p className="text-xs text-danger">{errors.projects}</p> : null}
          {(projects.data ?? []).map((project) => (
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
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add member
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
