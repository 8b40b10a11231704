"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { apiFetch } from "@/lib/client/api";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { setupInput } from "@/lib/setup/schema";
import { PASSWORD_RULE } from "@/lib/validation/common";

export function SetupForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.currentTarget));
    const { data, errors: invalid } = validate(setupInput, values);
    setErrors(invalid);
    if (!data) return;
    setBusy(true);
    try {
      const { project } = await apiFetch<{ project: { id: string } }>("/api/setup", { body: data });
      const result = await signIn("credentials", { email: data.email, password: data.password, redirect: false });
      router.replace(result?.ok ? `/${project.id}` : "/sign-in");
      router.refresh();
    } catch (error) {
      setErrors(errorsFromApi(error));
      setBusy(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {errors._form ? <Alert>{errors._form}</Alert> : null}
      <TextField label="Your name" name="name" autoComplete="name" required autoFocus error={errors.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={errors.password}
        hint={`Use ${PASSWORD_RULE}.`}
      />
      <TextField label="First project" name="projectName" required placeholder="e.g. Customer support bot" error={errors.projectName} />
      <Button type="submit" loading={busy}>
        Create owner and project
      </Button>
    </form>
  );
}
