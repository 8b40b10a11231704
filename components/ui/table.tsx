import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

export function Table({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        {children}
      </table>
    </div>
  );
}

/**
 * A column shown only where the table has room: its container (an ancestor marked `@container`)
 * is at least 48rem wide. Beside the sidebar on a 1024 px screen it is not; such a column's
 * figures must also be somewhere else (under the row's main cell, or in its detail).
 */
export const WIDE_ONLY = "hidden @3xl:table-cell";

export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn("border-b border-border bg-surface-2 px-4 py-2 text-xs font-medium uppercase tracking-wide text-fg-muted", className)}
      {...rest}
    />
  );
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("border-b border-border px-4 py-2.5 align-middle [tr:last-child>&]:border-b-0", className)} {...rest} />;
}
