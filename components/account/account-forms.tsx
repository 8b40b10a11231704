"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { updateProfileInput } from "@/lib/account/schema";
import { apiFetch } from "@/lib/client/api";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { queryKeys } from "@/lib/client/query-keys";
import { PASSWORD_RULE } from "@/lib/validation/common";

export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const { data, errors: invalid } = validate(updateProfileInput, { name: new FormData(event.currentTarget).get("name") });
    setErrors(invalid);
    if (!data) return;
    setBusy(true);
    try {
      await apiFetch("/api/me", { method: "PATCH", body: data });
      setSaved(true);
      await client.invalidateQueries({ queryKey: queryKeys.me });
      router.refresh();
    } catch (error) {
      setErrors(errorsFromApi(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Name" description="How you appear to others in members lists and the audit log.">
      <form method="post" onSubmit={onSubmit} noValidate className="flex max-w-md flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <TextField label="Name" name="name" defaultValue={name} required autoComplete="name" error={errors.name} />
        <div className="flex items-center gap-3">
          <Button type="submit" loading={busy}>
            Save name
          </Button>
          {saved ? (
            <span role="status" className="text-sm text-fg-muted">
              Saved.
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}

export function PasswordForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setSaved(false);
    if (form.get("newPassword") !== form.get("confirm")) {
      setErrors({ confirm: "The two new passwords differ" });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await apiFetch("/api/me/password", { body: { currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") } });
      setSaved(true);
      formElement.reset();
    } catch (error) {
      setErrors(errorsFromApi(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Password" description="Changing it signs you out on every other device; this one stays signed in.">
      <form method="post" onSubmit={onSubmit} noValidate className="flex max-w-md flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors.currentPassword}
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          error={errors.newPassword}
          hint={`Use ${PASSWORD_RULE}.`}
        />
        <TextField label="New password again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
        <div className="flex items-center gap-3">
          <Button type="submit" loading={busy}>
            Change password
          </Button>
          {saved ? (
            <span role="status" className="text-sm text-fg-muted">
              Password changed.
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
