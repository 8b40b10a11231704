"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/spinner";
import { type TokenKind, tokenizeJsonLine } from "@/lib/files/highlight";
import { isTextName, PREVIEW_MAX_BYTES, PREVIEW_MAX_LINES, readPreview } from "@/lib/files/preview";
import { formatBytes } from "@/lib/files/sizes";

const COLOURS: Record<TokenKind, string> = {
  key: "text-accent",
  string: "text-fg",
  number: "text-warning",
  literal: "text-warning",
  punct: "text-fg-muted",
  text: "",
};

export function contentUrl(projectId: string, fileId: string): string {
  return `/api/projects/${encodeURIComponent(projectId)}/openai/v1/files/${encodeURIComponent(fileId)}/content`;
}

/** The first lines of a text file, read from the content stream, which is cancelled once they are in. */
export function FilePreview({ projectId, fileId, filename }: { projectId: string; fileId: string; filename: string }) {
  const json = /\.jsonl?$/i.test(filename);
  const preview = useQuery({
    queryKey: ["projects", projectId, "upstream", "files", "preview", fileId],
    queryFn: async ({ signal }) => {
      const response = await fetch(contentUrl(projectId, fileId), { signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        throw new Error(body?.error?.message ?? `The upstream answered ${response.status}`);
      }
      return readPreview(response.body);
    },
    enabled: isTextName(filename),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  if (!isTextName(filename)) return <p className="text-sm text-fg-muted">No preview for this kind of file; download it to see it.</p>;
  if (preview.isPending) return <Spinner label="Reading the first lines…" />;
  if (preview.isError) return <Alert>Could not read the file's content: {preview.error.message}</Alert>;
  const { lines, truncated, binary } = preview.data;
  if (binary) return <p className="text-sm text-fg-muted">This file holds binary data; download it to see it.</p>;
  return (
    <section aria-label="File preview" className="flex flex-col gap-2">
      <pre className="max-h-[28rem] overflow-auto rounded-lg border border-border bg-surface-2 p-3 font-mono text-xs leading-5">
        {lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reorder
          <div key={index} className="flex gap-3">
            <span aria-hidden className="w-8 shrink-0 select-none text-right text-fg-muted">
              {index + 1}
            </span>
            <span className="whitespace-pre-wrap break-all">
              {json
                ? tokenizeJsonLine(line).map((token, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: tokens are positional
                    <span key={i} className={COLOURS[token.kind]}>
                      {token.text}
                    </span>
                  ))
                : line}
            </span>
          </div>
        ))}
      </pre>
      <p className="text-xs text-fg-muted">
        {truncated
          ? `The first ${lines.length} lines (at most ${PREVIEW_MAX_LINES} lines or ${formatBytes(PREVIEW_MAX_BYTES)}); download the file for the rest.`
          : `The whole file, ${lines.length} ${lines.length === 1 ? "line" : "lines"}.`}
      </p>
    </section>
  );
}
