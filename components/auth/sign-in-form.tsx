"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

// What the sign-in page says when single sign-on sends someone back refused (lib/auth/sso.ts).
const SSO_ERRORS: Record<string, string> = {
  sso_domain: "Accounts from your email domain cannot sign in to this Switchboard. Ask an admin to invite you.",
  sso_no_email: "Your identity provider did not share a verified email address, so you cannot be signed in.",
  sso_deactivated: "Your account on this Switchboard is deactivated. Ask an admin to reactivate it.",
};

function errorFromUrl(code: string | null): string | null {
  if (!code) return null;
  return SSO_ERRORS[code] ?? "Sign-in failed. Try again.";
}

export function SignInForm({ passwordSignIn, sso }: { passwordSignIn: boolean; sso: { name: string } | null }) {
  const router = useRouter();
  const search = useSearchParams();
  const [error, setError] = useState<string | null>(errorFromUrl(search.get("error")));
  const [busy, setBusy] = useState(false);
  const next = search.get("next");
  const destination = next?.startsWith("/") && !next.startsWith("//") ? next : "/";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result?.ok) {
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Invalid email or password.");
      setBusy(false);
      return;
    }
    router.replace(destination);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-4">
      {error ? <Alert>{error}</Alert> : null}
      {passwordSignIn ? (
        <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4">
          <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </form>
      ) : null}
      {passwordSignIn && sso ? (
        <div className="flex items-center gap-3 text-xs text-fg-muted" aria-hidden>
          <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
        </div>
      ) : null}
      {sso ? (
        <Button
          variant={passwordSignIn ? "secondary" : "primary"}
          onClick={() => {
            setError(null);
            signIn("oidc", { callbackUrl: destination });
          }}
        >
          Continue with {sso.name}
        </Button>
      ) : null}
    </div>
  );
}
