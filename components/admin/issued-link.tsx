"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { IssuedLink as Link } from "./hooks";

/**
 * A link made for someone, shown once: only its hash is stored, so this is the one chance to copy
 * it. Built on the address the admin is using, which is also the one the person can reach.
 */
export function IssuedLink({ link, label }: { link: Link; label: string }) {
  const url = typeof window === "undefined" ? link.url : new URL(link.path, window.location.origin).toString();
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex gap-2">
        <input
          readOnly
          aria-label={label}
          value={url}
          className={`${inputClass} font-mono text-xs`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button
          variant="secondary"
          className="shrink-0"
          onClick={async () => {
            await navigator.clipboard?.writeText(url).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy link"}
        </Button>
      </div>
      <p className="text-xs text-fg-muted">
        This link is shown only now. It works once; anyone who has it can use it, so send it privately.
      </p>
      {link.mail.sent === true ? <Alert tone="info">It was also sent by email.</Alert> : null}
      {link.mail.sent === false ? <Alert>{link.mail.error}</Alert> : null}
    </div>
  );
}
