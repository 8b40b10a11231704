"use client";

import type { FileObject } from "openai/resources/files";
import { partRanges } from "@/lib/files/parts";
import type { UploadPurpose } from "@/lib/files/purposes";

// Uploads go with XMLHttpRequest rather than fetch or the SDK: only XHR reports upload progress.
// They go to the console proxy like every other call (same origin, so the browser sends the Origin
// and the session cookie), which streams them to the upstream.

export class UploadError extends Error {
  /** True when the request never got an answer (network down, server gone): worth resuming. */
  readonly network: boolean;
  constructor(message: string, network: boolean) {
    super(message);
    this.network = network;
  }
}

export class UploadCancelled extends Error {
  constructor() {
    super("Cancelled");
  }
}

function proxyUrl(projectId: string, path: string): string {
  return `/api/projects/${encodeURIComponent(projectId)}/openai/v1${path}`;
}

function errorFrom(status: number, text: string): UploadError {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message) return new UploadError(body.error.message, false);
  } catch {}
  return new UploadError(`The upstream answered ${status}${text ? `: ${text.slice(0, 200)}` : ""}`, false);
}

function send<T>(
  url: string,
  body: FormData | string,
  options: { signal: AbortSignal; onProgress?: (loaded: number) => void },
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return reject(new UploadCancelled());
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    if (typeof body === "string") xhr.setRequestHeader("content-type", "application/json");
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new UploadError("The upstream's answer was not JSON", false));
        }
      } else reject(errorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new UploadError("The connection failed before the upload finished.", true));
    xhr.ontimeout = () => reject(new UploadError("The upload timed out.", true));
    const abort = () => xhr.abort();
    xhr.onabort = () => reject(new UploadError("Cancelled", false));
    options.signal.addEventListener("abort", abort, { once: true });
    xhr.onloadend = () => options.signal.removeEventListener("abort", abort);
    xhr.send(body);
  }).catch((error) => {
    throw options.signal.aborted ? new UploadCancelled() : error;
  }) as Promise<T>;
}

export type Progress = { sent: number; total: number; part?: { done: number; total: number; sent: number; size: number } };

/** POST /files with the whole file. */
export function uploadWhole(
  projectId: string,
  file: File,
  purpose: UploadPurpose,
  signal: AbortSignal,
  onProgress: (progress: Progress) => void,
): Promise<FileObject> {
  const form = new FormData();
  form.append("purpose", purpose);
  form.append("file", file, file.name);
  return send<FileObject>(proxyUrl(projectId, "/files"), form, {
    signal,
    onProgress: (loaded) => onProgress({ sent: Math.min(loaded, file.size), total: file.size }),
  });
}

/** What a multipart upload has done so far, kept so that it can resume where it stopped. */
export type PartsState = { uploadId: string | null; partIds: (string | null)[] };

export function newPartsState(size: number, partBytes: number): PartsState {
  return { uploadId: null, partIds: partRanges(size, partBytes).map(() => null) };
}

/**
 * The Uploads API: create the upload once, send each part not yet sent (one at a time, in order),
 * then complete with the part ids in order. `state` is updated as parts land, so calling this again
 * after a network error sends only the missing parts of the same upload.
 */
export async function uploadInParts(
  projectId: string,
  file: File,
  purpose: UploadPurpose,
  partBytes: number,
  state: PartsState,
  signal: AbortSignal,
  onProgress: (progress: Progress) => void,
): Promise<FileObject> {
  const ranges = partRanges(file.size, partBytes);
  if (!state.uploadId) {
    const upload = await send<{ id: string }>(
      proxyUrl(projectId, "/uploads"),
      JSON.stringify({ purpose, filename: file.name, bytes: file.size, mime_type: file.type || "application/octet-stream" }),
      { signal },
    );
    state.uploadId = upload.id;
  }
  const uploadId = state.uploadId;
  const doneBytes = () => ranges.reduce((sum, range, i) => sum + (state.partIds[i] ? range.end - range.start : 0), 0);
  const report = (current: number, sent: number) =>
    onProgress({
      sent: doneBytes() + sent,
      total: file.size,
      part: { done: state.partIds.filter(Boolean).length, total: ranges.length, sent, size: ranges[current].end - ranges[current].start },
    });
  for (const range of ranges) {
    if (state.partIds[range.index]) continue;
    report(range.index, 0);
    const form = new FormData();
    form.append("data", file.slice(range.start, range.end), file.name);
    const part = await send<{ id: string }>(proxyUrl(projectId, `/uploads/${encodeURIComponent(uploadId)}/parts`), form, {
      signal,
      onProgress: (loaded) => report(range.index, Math.min(loaded, range.end - range.start)),
    });
    state.partIds[range.index] = part.id;
  }
  const completed = await send<{ file?: FileObject | null; status: string }>(
    proxyUrl(projectId, `/uploads/${encodeURIComponent(uploadId)}/complete`),
    JSON.stringify({ part_ids: state.partIds }),
    { signal },
  );
  if (!completed.file) throw new UploadError(`The upload ended ${completed.status} without a file.`, false);
  return completed.file;
}

/** Tells the upstream to drop a multipart upload that will not be finished; failures do not matter. */
export function cancelUploadQuietly(projectId: string, uploadId: string): void {
  void fetch(proxyUrl(projectId, `/uploads/${encodeURIComponent(uploadId)}/cancel`), { method: "POST" }).catch(() => {});
}
