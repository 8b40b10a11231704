import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { AppError } from "@/lib/http/errors";
import { describePasswordReset } from "@/lib/users/password-reset";

export const metadata: Metadata = { title: "Set a new password" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let reset: Awaited<ReturnType<typeof describePasswordReset>>;
  try {
    reset = await describePasswordReset(token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <>
        <h1 className="mb-4 text-lg font-semibold">This link cannot be used</h1>
        <Alert>{error.message}.</Alert>
        <p className="mt-4 text-sm">
          <Link href="/sign-in" className="text-accent hover:underline">
            Go to sign-in
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-lg font-semibold">Set a new password</h1>
      <p className="mt-1 mb-5 text-sm text-fg-muted">Every session you had ends once the new password is set.</p>
      <ResetPasswordForm token={token} email={reset.email} />
    </>
  );
}
