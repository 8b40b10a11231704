"use client";

import { useEffect, useState } from "react";
import { type CodeLanguage, exportCode } from "@/lib/playground/code-export";
import type { RequestBody } from "@/lib/playground/requests";
import type { PlaygroundApi } from "@/lib/playground/state";

const LANGUAGES: [CodeLanguage, string][] = [
  ["curl", "curl"],
  ["javascript", "JavaScript"],
  ["python", "Python"],
];

export function CodeView({ api, body, fromLastTurn }: { api: PlaygroundApi; body: RequestBody; fromLastTurn: boolean }) {
  const [language, setLanguage] = useState<CodeLanguage>("javascript");
  const [gateway, setGateway] = useState(false);
  const [origin, setOrigin] = useState("");
  const [copied, setCopied] = useState(false);
  useEffect(() => setOrigin(window.location.origin), []);
  const code = exportCode(language, api, body, gateway && origin ? `${origin}/v1` : undefined);
  return (
    <section aria-label="Code" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <div role="tablist" aria-label="Language" className="flex overflow-hidden rounded-md border border-border">
          {LANGUAGES.map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={language === value}
              className={`px-3 py-1 text-xs ${language === value ? "bg-accent text-accent-fg" : "hover:bg-surface-2"}`}
              onClick={() => setLanguage(value)}
            >
              {label}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-2 text-xs">
          <input type="checkbox" checked={gateway} onChange={(event) => setGateway(event.target.checked)} />
          Through Switchboard's gateway ({origin}/v1)
        </label>
        <button
          type="button"
          className="ml-auto rounded border border-border px-2 py-1 text-xs hover:bg-surface-2"
          onClick={() =>
            void navigator.clipboard?.writeText(code).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            })
          }
        >
          {copied ? "Copied" : "Copy code"}
        </button>
      </div>
      <p className="text-xs text-fg-muted">
        {fromLastTurn ? "The request of the last turn" : "The request the next turn sends"}, with no key in it: set OPENAI_API_KEY
        {gateway ? " to a Switchboard virtual key of this project" : " (and OPENAI_BASE_URL for another upstream)"}.
      </p>
      <pre data-testid="code-snippet" className="max-h-[32rem] overflow-auto rounded-md bg-surface-2 p-3 font-mono text-xs">
        {code}
      </pre>
    </section>
  );
}
