"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { apiFetch } from "@/lib/client/api";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { acceptInvitationInput } from "@/lib/invitations/schema";
import { PASSWORD_RULE } from "@/lib/validation/common";

/** The invitee picks a name (and a password, unless sign-in is by SSO only), then lands in their projects. */
export function AcceptInvitationForm({ token, email, passwordSignIn }: { token: string; email: string; passwordSignIn: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (passwordSignIn && password !== String(form.get("confirm") ?? "")) {
      setErrors({ confirm: "The two passwords differ" });
      return;
    }
    const { data, errors: invalid } = validate(acceptInvitationInput, {
      name: form.get("name"),
      password: passwordSignIn ? password : undefined,
    });
    if (passwordSignIn && !password) invalid.password ??= `Choose a password: ${PASSWORD_RULE}`;
    setErrors(invalid);
    if (!data || Object.keys(invalid).length) return;
    setBusy(true);
    try {
      await apiFetch(`/api/invitations/${token}`, { body: data });
    } catch (error) {
      setErrors(errorsFromApi(error));
      setBusy(false);
      return;
    }
    if (!passwordSignIn) {
      await signIn("oidc", { callbackUrl: "/" });
      return;
    }
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result?.ok) {
      router.replace("/sign-in");
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {errors._form ? <Alert>{errors._form}</Alert> : null}
      <TextField label="Email" name="email" type="email" value={email} readOnly autoComplete="username" />
      <TextField label="Your name" name="name" required autoFocus autoComplete="name" error={errors.name} />
      {passwordSignIn ? (
        <>
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            error={errors.password}
            hint={`Use ${PASSWORD_RULE}.`}
          />
          <TextField label="Password again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
        </>
      ) : null}
      <Button type="submit" loading={busy}>
        {passwordSignIn ? "Create my account" : "Create my account and continue with single sign-on"}
      </Button>
    </form>
  );
}
