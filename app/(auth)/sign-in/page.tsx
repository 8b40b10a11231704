import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentPageUser } from "@/lib/auth/page";
import { passwordSignInEnabled, ssoConfig } from "@/lib/auth/sso-config";
import { isSetupComplete } from "@/lib/setup/service";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (!(await isSetupComplete())) redirect("/setup");
  if (await currentPageUser()) redirect("/");
  const sso = ssoConfig();
  return (
    <>
      <h1 className="mb-5 text-lg font-semibold">Sign in</h1>
      <SignInForm passwordSignIn={passwordSignInEnabled()} sso={sso ? { name: sso.displayName } : null} />
    </>
  );
}
