"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { Menu, menuItemClass } from "@/components/ui/menu";
import { THEME_COOKIE, THEMES, type Theme } from "@/lib/client/theme";

function applyTheme(theme: Theme) {
  // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie the server reads for the first paint
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.classList.remove("light", "dark");
  if (theme !== "system") document.documentElement.classList.add(theme);
}

export function UserMenu({ name, email, theme }: { name: string; email: string; theme: Theme }) {
  const router = useRouter();
  return (
    <Menu
      label="Account"
      align="end"
      trigger={
        <>
          <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-surface-2 text-xs font-semibold">
            {name.slice(0, 1).toUpperCase()}
          </span>
          <span className="hidden max-w-40 truncate sm:block">{name}</span>
        </>
      }
    >
      {(close) => (
        <>
          <div className="px-2 py-1.5">
            <p className="truncate font-medium">{name}</p>
            <p className="truncate text-xs text-fg-muted">{email}</p>
          </div>
          <Link href="/account" role="menuitem" className={menuItemClass} onClick={close}>
            Your account
          </Link>
          <div className="my-1 border-t border-border" />
          <p className="px-2 pt-1 text-[11px] uppercase tracking-wide text-fg-muted">Theme</p>
          {THEMES.map((option) => (
            <button
              key={option}
              type="button"
              role="menuitem"
              className={menuItemClass}
              onClick={() => {
                applyTheme(option);
                close();
                router.refresh();
              }}
            >
              <span className="flex-1 capitalize">{option}</span>
              {option === theme ? <span aria-hidden>✓</span> : null}
            </button>
          ))}
          <div className="my-1 border-t border-border" />
          <button
            type="button"
            role="menuitem"
            className={menuItemClass}
            onClick={async () => {
              // No redirect from next-auth: its URL is the configured one, which may not be the
              // address this person is using (an IP on the LAN, say).
              await signOut({ redirect: false });
              router.replace("/sign-in");
              router.refresh();
            }}
          >
            Sign out
          </button>
        </>
      )}
    </Menu>
  );
}
