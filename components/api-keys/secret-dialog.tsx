"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";

/** The one moment a key's secret is shown: copy it now, it is not stored anywhere we can read. */
export function SecretDialog({ secret, title, onClose }: { secret: string | null; title: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const close = () => {
    setCopied(false);
    onClose();
  };

  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // Clipboard refused (an insecure origin): select the text so Ctrl+C works.
      (document.getElementById("new-key-secret") as HTMLInputElement | null)?.select();
    }
  }

  return (
    <Dialog open={secret !== null} onClose={close} title={title}>
      <Alert tone="info">
        <strong>Copy this key now.</strong> It is shown only once: Switchboard keeps a hash of it, not the key. If it is lost, roll the key
        to get a new one.
      </Alert>
      <div className="flex gap-2">
        <input
          id="new-key-secret"
          aria-label="New API key"
          readOnly
          value={secret ?? ""}
          onFocus={(event) => event.currentTarget.select()}
          className={`${inputClass} font-mono text-xs`}
        />
        <Button variant="secondary" onClick={copy} aria-live="polite">
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div className="flex flex-col gap-1.5">
        <p className="text-sm font-medium">Use it with any OpenAI SDK</p>
        <pre className="overflow-x-auto rounded-md bg-surface-2 p-3 font-mono text-xs text-fg">
          {`new OpenAI({\n  baseURL: "${origin}/v1",\n  apiKey: process.env.SWITCHBOARD_API_KEY,\n})`}
        </pre>
      </div>
      <DialogActions>
        <Button onClick={close}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
