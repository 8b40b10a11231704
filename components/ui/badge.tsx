import type { ReactNode } from "react";
import { cn } from "./cn";

const TONES = {
  neutral: "bg-surface-2 text-fg-muted",
  accent: "bg-accent/15 text-accent",
  danger: "bg-danger-bg text-danger",
  warning: "bg-warning/15 text-warning",
  success: "bg-success/15 text-success",
} as const;

export function Badge({ tone = "neutral", children }: { tone?: keyof typeof TONES; children: ReactNode }) {
  return <span className={cn("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium", TONES[tone])}>{children}</span>;
}
