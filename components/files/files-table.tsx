"use client";

import Link from "next/link";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th, WIDE_ONLY } from "@/components/ui/table";
import { useCreators } from "@/lib/client/creators";
import { describeApiError } from "@/lib/client/openai";
import { UPLOAD_PURPOSES } from "@/lib/files/purposes";
import { formatBytes } from "@/lib/files/sizes";
import { CreatedBy } from "./created-by";
import { type FileObject, useUpstreamFiles } from "./use-files";

// Purposes of files the API writes itself, which a list can be filtered by but nobody uploads.
const LIST_PURPOSES = [...UPLOAD_PURPOSES, "batch_output", "fine-tune-results", "assistants_output"];

type Sort = "created-desc" | "created-asc" | "name" | "size";

function statusTone(status: string) {
  if (status === "processed") return "success" as const;
  if (status === "error") return "danger" as const;
  return "neutral" as const;
}

/** The project's files as the upstream lists them, a page at a time. */
export function FilesTable({ projectId }: { projectId: string }) {
  const [purpose, setPurpose] = useState("");
  const [sort, setSort] = useState<Sort>("created-desc");
  const [query, setQuery] = useState("");
  const search = useDeferredValue(query.trim().toLowerCase());
  const order = sort === "created-asc" ? "asc" : "desc";
  const files = useUpstreamFiles(projectId, { purpose, order });
  const [hunting, setHunting] = useState(false);
  const stop = useRef(false);

  const loaded = useMemo(() => files.data?.pages.flatMap((page) => page.data) ?? [], [files.data]);
  const shown = useMemo(() => {
    const matching = search ? loaded.filter((file) => file.filename.toLowerCase().includes(search)) : loaded;
    if (sort === "name") return [...matching].sort((a, b) => a.filename.localeCompare(b.filename));
    if (sort === "size") return [...matching].sort((a, b) => b.bytes - a.bytes);
    return matching;
  }, [loaded, search, sort]);

  // "Keep loading until found": follows the cursors one page at a time until a match appears, the
  // list ends, or the person stops it.
  const { hasNextPage, fetchNextPage } = files;
  useEffect(() => {
    if (!hunting) return;
    if (stop.current || shown.length > 0 || !hasNextPage) {
      setHunting(false);
      return;
    }
    if (!files.isFetchingNextPage) void fetchNextPage();
  }, [hunting, shown.length, hasNextPage, fetchNextPage, files.isFetchingNextPage]);

  const toolbar = (
    <div className="flex flex-wrap items-center gap-3">
      <input
        type="search"
        aria-label="Search files by name"
        placeholder="Search loaded files by name"
        className={cn(inputClass, "max-w-xs")}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <select
        aria-label="Filter by purpose"
        className={cn(inputClass, "w-44")}
        value={purpose}
        onChange={(event) => setPurpose(event.target.value)}
      >
        <option value="">All purposes</option>
        {LIST_PURPOSES.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
      <select aria-label="Sort" className={cn(inputClass, "w-52")} value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
        <option value="created-desc">Newest first</option>
        <option value="created-asc">Oldest first</option>
        <option value="name">Name (loaded files)</option>
        <option value="size">Largest (loaded files)</option>
      </select>
      {sort === "name" || sort === "size" ? (
        <p className="text-xs text-fg-muted">The API sorts by date only: this orders the files loaded so far.</p>
      ) : null}
    </div>
  );

  if (files.isPending) {
    return (
      <div className="flex flex-col gap-4">
        {toolbar}
        <Spinner label="Asking the upstream for its files…" />
      </div>
    );
  }
  if (files.isError) {
    return (
      <div className="flex flex-col gap-4">
        {toolbar}
        <Alert>
          The upstream did not list its files: {describeApiError(files.error)}{" "}
          <button type="button" className="underline" onClick={() => files.refetch()}>
            Try again
          </button>
        </Alert>
      </div>
    );
  }

  const count = `${loaded.length}${hasNextPage ? "+" : ""} ${loaded.length === 1 && !hasNextPage ? "file" : "files"}`;
  return (
    <div className="@container flex flex-col gap-4">
      {toolbar}
      <p className="text-sm text-fg-muted" aria-live="polite">
        {search ? `${shown.length} of ${count} loaded match` : `${count}${hasNextPage ? " (more to load)" : ""}`}
      </p>
      {loaded.length === 0 ? (
        <EmptyState title="No files">
          {purpose ? `The upstream has no files with purpose “${purpose}”.` : "Nothing has been uploaded to this project's upstream yet."}
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState
          title="No loaded file matches"
          action={
            hasNextPage ? (
              <Button
                variant="secondary"
                onClick={() => {
                  stop.current = false;
                  setHunting(true);
                }}
                loading={hunting}
              >
                Keep loading until found
              </Button>
            ) : null
          }
        >
          {hasNextPage
            ? `None of the ${loaded.length} files loaded so far has “${query.trim()}” in its name; more files are on the upstream.`
            : `No file has “${query.trim()}” in its name.`}
        </EmptyState>
      ) : (
        <FileRows projectId={projectId} files={shown} />
      )}
      {hunting ? (
        <div className="flex items-center gap-3 text-sm" role="status">
          <Spinner /> Searching: {loaded.length} files loaded…
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              stop.current = true;
              setHunting(false);
            }}
          >
            Stop
          </Button>
        </div>
      ) : null}
      {hasNextPage && !hunting && shown.length > 0 ? (
        <div>
          <Button variant="secondary" onClick={() => fetchNextPage()} loading={files.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      ) : null}
    </div>
  );
}

// Where the page is narrow, the purpose goes under the file's id instead of a column of its own (WIDE_ONLY).
function FileRows({ projectId, files }: { projectId: string; files: FileObject[] }) {
  const { creators, loading } = useCreators(
    projectId,
    files.map((file) => file.id),
  );
  return (
    <Table label="Files">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th className={WIDE_ONLY}>Purpose</Th>
          <Th className="text-right">Size</Th>
          <Th>Created</Th>
          <Th>Created by</Th>
          <Th>Status</Th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.id}>
            <Td className="max-w-56 @3xl:max-w-80">
              <Link href={`/${projectId}/files/${file.id}`} className="block truncate font-mono text-[13px] text-fg hover:underline">
                {file.filename}
              </Link>
              <span className="font-mono text-xs text-fg-muted">{file.id}</span>
              <span className="block text-xs text-fg-muted @3xl:hidden">{file.purpose}</span>
            </Td>
            <Td className={cn("text-fg-muted", WIDE_ONLY)}>{file.purpose}</Td>
            <Td className="whitespace-nowrap text-right tabular-nums text-fg-muted">{formatBytes(file.bytes)}</Td>
            <Td className="whitespace-nowrap text-fg-muted">
              <DateTime at={new Date(file.created_at * 1000)} />
            </Td>
            <Td className="min-w-24">
              <CreatedBy creator={creators.get(file.id)} loading={loading && !creators.has(file.id)} />
            </Td>
            <Td>
              <Badge tone={statusTone(file.status)}>{file.status}</Badge>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
