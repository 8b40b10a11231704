"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { queryKeys } from "@/lib/client/query-keys";
import { checkFile, duplicateNames } from "@/lib/files/checks";
import { findJsonlProblem } from "@/lib/files/jsonl";
import { type PartSettings, planUpload } from "@/lib/files/parts";
import { guessPurpose, JSONL_PURPOSES, type UploadPurpose } from "@/lib/files/purposes";
import {
  cancelUploadQuietly,
  newPartsState,
  type PartsState,
  type Progress,
  UploadCancelled,
  UploadError,
  uploadInParts,
  uploadWhole,
} from "./upload-transport";

export type UploadStatus = "checking" | "ready" | "invalid" | "uploading" | "failed" | "cancelled" | "done";

export type UploadItem = {
  key: string;
  file: File;
  purpose: UploadPurpose;
  status: UploadStatus;
  /** Why the file cannot go, or why it failed, in words for the person. */
  message: string | null;
  progress: Progress | null;
  /** Set for files sent in parts; what was done survives a failure so "Resume" sends only the rest. */
  parts: PartsState | null;
  partBytes: number | null;
  fileId: string | null;
};

let nextKey = 0;

/**
 * The upload queue. Each file is checked, sent and reported on its own: one that fails (in the
 * browser or upstream) never stops the others.
 */
export function useUploads(projectId: string, settings: PartSettings) {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  // Runs the checks of every waiting file again: a change to one file can change another's
  // (duplicate names), and a purpose change changes what is allowed.
  const recheck = useCallback(
    async (list: UploadItem[]) => {
      const waiting = list.filter((item) => item.status === "checking" || item.status === "ready" || item.status === "invalid");
      const twice = duplicateNames(waiting.map((item) => item.file));
      const firstOfName = new Map<string, string>();
      for (const item of waiting) if (!firstOfName.has(item.file.name)) firstOfName.set(item.file.name, item.key);
      await Promise.all(
        waiting.map(async (item) => {
          let message = checkFile(item.file, item.purpose);
          if (!message && twice.has(item.file.name) && firstOfName.get(item.file.name) !== item.key) {
            message = `Another file named “${item.file.name}” is already in this selection.`;
          }
          if (!message && JSONL_PURPOSES.has(item.purpose)) {
            const problem = await findJsonlProblem(item.file.stream());
            if (problem) message = problem.message;
          }
          // The purpose may have changed while a large file was being read; only the latest check counts.
          const now = itemsRef.current.find((candidate) => candidate.key === item.key);
          if (!now || now.purpose !== item.purpose || !["checking", "ready", "invalid"].includes(now.status)) return;
          update(item.key, { status: message ? "invalid" : "ready", message });
        }),
      );
    },
    [update],
  );

  const add = useCallback(
    (files: readonly File[]) => {
      const added: UploadItem[] = files.map((file) => ({
        key: `upload-${nextKey++}`,
        file,
        purpose: guessPurpose(file.name),
        status: "checking",
        message: null,
        progress: null,
        parts: null,
        partBytes: null,
        fileId: null,
      }));
      const list = [...itemsRef.current, ...added];
      itemsRef.current = list;
      setItems(list);
      void recheck(list);
    },
    [recheck],
  );

  const setPurpose = useCallback(
    (key: string, purpose: UploadPurpose) => {
      const list = itemsRef.current.map((item) =>
        item.key === key ? { ...item, purpose, status: "checking" as const, message: null } : item,
      );
      itemsRef.current = list;
      setItems(list);
      void recheck(list);
    },
    [recheck],
  );

  const run = useCallback(
    async (item: UploadItem) => {
      const controller = new AbortController();
      controllers.current.set(item.key, controller);
      const plan = planUpload(item.file.size, settings);
      const partBytes = item.partBytes ?? (plan.mode === "parts" ? plan.partBytes : null);
      const parts = item.parts ?? (partBytes ? newPartsState(item.file.size, partBytes) : null);
      update(item.key, { status: "uploading", message: null, parts, partBytes, progress: { sent: 0, total: item.file.size } });
      const onProgress = (progress: Progress) => update(item.key, { progress });
      try {
        const file =
          parts && partBytes
            ? await uploadInParts(projectId, item.file, item.purpose, partBytes, parts, controller.signal, onProgress)
            : await uploadWhole(projectId, item.file, item.purpose, controller.signal, onProgress);
        update(item.key, { status: "done", fileId: file.id, parts: null, message: null });
        void queryClient.invalidateQueries({ queryKey: queryKeys.upstream.files(projectId) });
      } catch (error) {
        if (error instanceof UploadCancelled) {
          if (parts?.uploadId) cancelUploadQuietly(projectId, parts.uploadId);
          update(item.key, { status: "cancelled", message: "Cancelled.", parts: null });
        } else {
          const message = error instanceof UploadError || error instanceof Error ? error.message : String(error);
          update(item.key, { status: "failed", message, parts: parts ? { ...parts, partIds: [...parts.partIds] } : null });
        }
      } finally {
        controllers.current.delete(item.key);
      }
    },
    [projectId, queryClient, settings, update],
  );

  const startAll = useCallback(() => {
    for (const item of itemsRef.current) if (item.status === "ready") void run(item);
  }, [run]);

  /** Sends a failed file again; a file sent in parts goes on with the same upload from the first missing part. */
  const retry = useCallback(
    (key: string) => {
      const item = itemsRef.current.find((candidate) => candidate.key === key);
      if (item && item.status === "failed") void run(item);
    },
    [run],
  );

  const cancel = useCallback((key: string) => controllers.current.get(key)?.abort(), []);

  const remove = useCallback(
    (key: string) => {
      controllers.current.get(key)?.abort();
      const list = itemsRef.current.filter((item) => item.key !== key);
      itemsRef.current = list;
      setItems(list);
      void recheck(list);
    },
    [recheck],
  );

  const clearFinished = useCallback(() => {
    const list = itemsRef.current.filter((item) => item.status !== "done" && item.status !== "cancelled");
    itemsRef.current = list;
    setItems(list);
  }, []);

  return { items, add, setPurpose, startAll, retry, cancel, remove, clearFinished };
}
