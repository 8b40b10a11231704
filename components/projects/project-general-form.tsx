"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { updateProjectInput } from "@/lib/projects/schema";
import { useUpdateProject } from "./hooks";

export function ProjectGeneralForm({ project }: { project: { id: string; name: string; slug: string; archived: boolean } }) {
  const router = useRouter();
  const update = useUpdateProject(project.id);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = Object.fromEntries(new FormData(event.currentTarget));
    const { data, errors: invalid } = validate(updateProjectInput, { name: form.name, slug: form.slug });
    setErrors(invalid);
    if (!data) return;
    try {
      await update.mutateAsync(data);
      setSaved(true);
      router.refresh();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }

  return (
    <Card title="General" description="The project's name and the short name used in links.">
      <form method="post" onSubmit={onSubmit} noValidate className="flex max-w-md flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        {saved ? <Alert tone="info">Saved.</Alert> : null}
        <TextField label="Project name" name="name" defaultValue={project.name} required error={errors.name} disabled={project.archived} />
        <TextField label="Slug" name="slug" defaultValue={project.slug} required error={errors.slug} disabled={project.archived} />
        <div>
          <Button type="submit" loading={update.isPending} disabled={project.archived}>
            Save changes
          </Button>
        </div>
      </form>
    </Card>
  );
}
