import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-medium text-fg-muted">403</p>
      <h1 className="text-xl font-semibold">You do not have access to this page</h1>
      <p className="max-w-sm text-sm text-fg-muted">
        Your role does not allow it. An admin of this project or instance can change your role.
      </p>
      <Link href="/" className={buttonClass("secondary")}>
        Go to your projects
      </Link>
    </main>
  );
}
