"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface NavItem {
  href: string;
  label: string;
  exact?: boolean;
}

/** A list of links with the current one marked; `className` may lay it out otherwise (a row of tabs). */
export function SidebarNav({ label, items, className }: { label: string; items: NavItem[]; className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={cn("flex flex-col gap-0.5", className)}>
      {items.map((item) => {
        const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-md px-2 py-1.5 text-sm",
              active ? "bg-surface-2 font-medium text-fg" : "text-fg-muted hover:bg-surface-2 hover:text-fg",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
