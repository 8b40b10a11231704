"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, inputClass } from "@/components/ui/field";
import type { StoredKey } from "@/lib/connection/schema";
import type { KeyState } from "./form-state";

interface StoredKeyFieldProps {
  label: string;
  stored: StoredKey;
  /** Whether the stored key would be kept (same kind and host); otherwise it must be typed again. */
  reusable: boolean;
  /** The key may be removed (optional keys). */
  removable: boolean;
  state: KeyState;
  onChange: (state: KeyState) => void;
  error?: string;
  placeholder?: string;
  hint?: string;
}

/** A key the server keeps: shown as sk-…abcd with "Replace" (and "Remove" when optional); never filled in. */
export function StoredKeyField({ label, stored, reusable, removable, state, onChange, error, placeholder, hint }: StoredKeyFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const showStored = stored.set && reusable && !state.replacing && !state.removing;
  const wasReplacing = useRef(state.replacing);
  useEffect(() => {
    if (state.replacing && !wasReplacing.current) input.current?.focus();
    wasReplacing.current = state.replacing;
  }, [state.replacing]);

  if (showStored) {
    return (
      <Field
        label={label}
        error={error}
        hint={
          stored.readable
            ? "Stored encrypted; only its last four characters are shown."
            : "This key cannot be read with the server's current secret: replace it."
        }
      >
        {(props) => (
          <div className="flex gap-2">
            <input {...props} readOnly value={stored.masked ?? ""} className={cn(inputClass, "font-mono text-fg-muted")} />
            <Button variant="secondary" onClick={() => onChange({ ...state, replacing: true })} aria-label={`Replace ${label}`}>
              Replace
            </Button>
            {removable ? (
              <Button
                variant="ghost"
                onClick={() => onChange({ value: "", replacing: false, removing: true })}
                aria-label={`Remove ${label}`}
              >
                Remove
              </Button>
            ) : null}
          </div>
        )}
      </Field>
    );
  }

  if (state.removing && stored.set && reusable) {
    return (
      <Field label={label} error={error}>
        {(props) => (
          <div className="flex items-center gap-2">
            <input {...props} readOnly value="Removed when you save" className={cn(inputClass, "text-fg-muted")} />
            <Button variant="secondary" onClick={() => onChange({ value: "", replacing: false, removing: false })}>
              Keep it
            </Button>
          </div>
        )}
      </Field>
    );
  }

  const again =
    stored.set && !reusable ? "Enter the key again: a stored key is never sent to a new host or another kind of upstream." : undefined;
  return (
    <Field label={label} error={error} hint={[again, hint].filter(Boolean).join(" ") || undefined}>
      {(props) => (
        <div className="flex gap-2">
          <input
            {...props}
            ref={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            value={state.value}
            onChange={(event) => onChange({ ...state, value: event.target.value })}
            className={cn(inputClass, "font-mono")}
          />
          {state.replacing && stored.set && reusable ? (
            <Button variant="ghost" onClick={() => onChange({ value: "", replacing: false, removing: false })}>
              Cancel
            </Button>
          ) : null}
        </div>
      )}
    </Field>
  );
}
