"use client";

import { useSyncExternalStore } from "react";
import type { BatchEndpoint, BatchRequestLine } from "./check-lines";

// A batch draft: requests collected one by one (from the playground's "Add to batch draft"),
// kept in this browser per project until they are exported as JSONL or made into a batch.

const PREFIX = "switchboard.batch-draft.";
const EMPTY: BatchRequestLine[] = [];
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; lines: BatchRequestLine[] }>();

function key(projectId: string) {
  return `${PREFIX}${projectId}`;
}

export function readDraft(projectId: string): BatchRequestLine[] {
  if (typeof window === "undefined") return EMPTY;
  const raw = window.localStorage.getItem(key(projectId));
  const cached = cache.get(projectId);
  // Same text, same array: useSyncExternalStore needs a stable snapshot.
  if (cached && cached.raw === raw) return cached.lines;
  let lines: BatchRequestLine[] = EMPTY;
  try {
    const parsed = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) lines = parsed;
  } catch {
    // A damaged draft is dropped rather than breaking the page.
  }
  cache.set(projectId, { raw, lines });
  return lines;
}

function writeDraft(projectId: string, lines: BatchRequestLine[]) {
  if (lines.length) window.localStorage.setItem(key(projectId), JSON.stringify(lines));
  else window.localStorage.removeItem(key(projectId));
  for (const listener of listeners) listener();
}

/** Adds a request (its body as sent to `endpoint`) and returns the custom_id it was given. */
export function addToDraft(projectId: string, endpoint: BatchEndpoint, body: Record<string, unknown> & { model: string }): string {
  const lines = readDraft(projectId);
  const taken = new Set(lines.map((line) => line.custom_id));
  let n = lines.length + 1;
  while (taken.has(`request-${n}`)) n++;
  const customId = `request-${n}`;
  // Streaming is for people watching; a batch line answers whole.
  const { stream: _stream, stream_options: _options, ...rest } = body;
  writeDraft(projectId, [...lines, { custom_id: customId, method: "POST", url: endpoint, body: rest as BatchRequestLine["body"] }]);
  return customId;
}

export function removeFromDraft(projectId: string, customId: string) {
  writeDraft(
    projectId,
    readDraft(projectId).filter((line) => line.custom_id !== customId),
  );
}

export function clearDraft(projectId: string) {
  writeDraft(projectId, []);
}

export function linesToJsonl(lines: readonly unknown[]): string {
  return lines.map((line) => JSON.stringify(line)).join("\n") + (lines.length ? "\n" : "");
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith(PREFIX)) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** The project's draft, kept in step with other tabs. */
export function useBatchDraft(projectId: string): BatchRequestLine[] {
  return useSyncExternalStore(
    subscribe,
    () => readDraft(projectId),
    () => EMPTY,
  );
}
