"use client";

import { type ReactNode, useEffect, useRef } from "react";

/**
 * A modal on the native <dialog>: focus moves in and back, Escape closes, the page is inert. A form
 * taller than the screen scrolls inside the dialog under its title, with its DialogActions kept in
 * view; the scroll padding keeps a field that takes the focus (an error), and its message, clear of both.
 */
export function Dialog({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onClose={onClose}
      onCancel={onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] scroll-pt-16 scroll-pb-20 rounded-lg border border-border bg-surface p-0 text-fg shadow-xl"
    >
      {open ? (
        <div className="flex flex-col gap-4 p-5">
          <h2 className="sticky top-0 z-10 -mx-5 -mt-5 -mb-3 bg-surface px-5 pt-5 pb-3 text-base font-semibold">{title}</h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

/** A dialog's buttons, last in it: they stay in view at its bottom while a long form scrolls. */
export function DialogActions({ children }: { children: ReactNode }) {
  return (
    <div className="sticky bottom-0 z-10 -mx-5 -mb-5 flex justify-end gap-2 border-t border-border bg-surface px-5 py-3">{children}</div>
  );
}
