"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { createProjectInput } from "@/lib/projects/schema";
import { useCreateProject } from "./hooks";

export function CreateProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const create = useCreateProject();
  const { errors, setErrors, close, formRef } = useDialogFormErrors(onClose);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget));
    const { data, errors: invalid } = validate(createProjectInput, { name: form.name, slug: form.slug || undefined });
    setErrors(invalid);
    if (!data) return;
    try {
      const project = await create.mutateAsync(data);
      close();
      router.push(`/${project.id}`);
      router.refresh();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }

  return (
    <Dialog open={open} onClose={close} title="New project">
      <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <TextField label="Name" name="name" required autoFocus error={errors.name} />
        <TextField
          label="Slug (optional)"
          name="slug"
          error={errors.slug}
          hint="Lowercase letters, digits and dashes. Made from the name when empty."
        />
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
