import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/page";
import { listProjectsFor } from "@/lib/projects/service";

export const dynamic = "force-dynamic";

// The front door: setup, sign-in, or the first project the person can open.
export default async function Home() {
  const user = await requirePageUser();
  const [first] = await listProjectsFor(user);
  if (first) redirect(`/${first.id}`);
  return (
    <AppShell user={user} nav={[]} navLabel="Project">
      <EmptyState title="No projects yet">
        You are not a member of any project. Ask an admin of this Switchboard to add you to one.
      </EmptyState>
    </AppShell>
  );
}
