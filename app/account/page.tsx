import type { Metadata } from "next";
import { NameForm, PasswordForm } from "@/components/account/account-forms";
import { AppShell } from "@/components/shell/app-shell";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { passwordSignInEnabled } from "@/lib/auth/sso-config";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <AppShell user={user} nav={[]} navLabel="Account">
      <PageHeader title="Your account" description={`Signed in as ${user.email} (${user.instanceRole}).`} />
      <div className="flex max-w-2xl flex-col gap-6">
        <NameForm name={user.name} />
        {passwordSignInEnabled() ? (
          <PasswordForm />
        ) : (
          <p className="text-sm text-fg-muted">You sign in by single sign-on; your password is kept by your identity provider.</p>
        )}
      </div>
    </AppShell>
  );
}
