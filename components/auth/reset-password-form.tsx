"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { apiFetch } from "@/lib/client/api";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { setPasswordInput } from "@/lib/invitations/schema";
import { PASSWORD_RULE } from "@/lib/validation/common";

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setErrors({ confirm: "The two passwords differ" });
      return;
    }
    const { data, errors: invalid } = validate(setPasswordInput, { password });
    setErrors(invalid);
    if (!data) return;
    setBusy(true);
    try {
      await apiFetch(`/api/password-reset/${token}`, { body: data });
    } catch (error) {
      setErrors(errorsFromApi(error));
      setBusy(false);
      return;
    }
    const result = await signIn("credentials", { email, password, redirect: false });
    router.replace(result?.ok ? "/" : "/sign-in");
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {errors._form ? <Alert>{errors._form}</Alert> : null}
      <TextField label="Email" name="email" type="email" value={email} readOnly autoComplete="username" />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        error={errors.password}
        hint={`Use ${PASSWORD_RULE}.`}
      />
      <TextField label="New password again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
      <Button type="submit" loading={busy}>
        Set password and sign in
      </Button>
    </form>
  );
}
