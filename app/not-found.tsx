import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-medium text-fg-muted">404</p>
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="max-w-sm text-sm text-fg-muted">It does not exist, or you do not have access to it.</p>
      <Link href="/" className={buttonClass("secondary")}>
        Go to your projects
      </Link>
    </main>
  );
}
