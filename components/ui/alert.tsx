import type { ReactNode } from "react";
import { cn } from "./cn";

export function Alert({ tone = "danger", children }: { tone?: "danger" | "info"; children: ReactNode }) {
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      className={cn(
        "rounded-md border px-3 py-2 text-sm",
        tone === "danger" ? "border-danger/40 bg-danger-bg text-danger" : "border-border bg-surface-2 text-fg",
      )}
    >
      {children}
    </div>
  );
}
