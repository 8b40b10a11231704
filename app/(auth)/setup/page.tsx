import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { isSetupComplete } from "@/lib/setup/service";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (await isSetupComplete()) redirect("/sign-in");
  return (
    <>
      <h1 className="text-lg font-semibold">Set up Switchboard</h1>
      <p className="mt-1 mb-5 text-sm text-fg-muted">
        Create the owner account and a first project. You can add people and projects afterwards.
      </p>
      <SetupForm />
    </>
  );
}
