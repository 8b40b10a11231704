// How a file is sent. Up to the threshold it goes in one POST /files; above it, through the Uploads
// API in parts. The real API takes 512 MB in one request and 64 MB per part, but one request of
// hundreds of megabytes that fails at 90% starts again from zero, so the console switches to parts
// at 64 MB and sends 16 MB parts: a network error then costs at most one part.

export const MB = 1024 * 1024;
export const SINGLE_REQUEST_MAX_BYTES = 512 * MB;
export const UPLOADS_MAX_BYTES = 8 * 1024 * MB;
export const MAX_PART_BYTES = 64 * MB;
export const DEFAULT_PART_THRESHOLD = 64 * MB;
export const DEFAULT_PART_BYTES = 16 * MB;
/** The smallest part the developer option accepts, so a test cannot ask for millions of requests. */
export const MIN_PART_BYTES = 1024;

export type UploadPlan = { mode: "single" } | { mode: "parts"; partBytes: number; parts: PartRange[] };
export type PartRange = { index: number; start: number; end: number };

export type PartSettings = { threshold: number; partBytes: number };

export const DEFAULT_PART_SETTINGS: PartSettings = { threshold: DEFAULT_PART_THRESHOLD, partBytes: DEFAULT_PART_BYTES };

/**
 * The developer option `?partSize=<bytes>`: files larger than that many bytes go through the Uploads
 * API in parts of that size, so the parts path can be tried with small files. Anything unusable
 * (not a whole number, or out of range) leaves the defaults.
 */
export function partSettingsFrom(param: string | null | undefined): PartSettings {
  if (!param || !/^\d+$/.test(param)) return DEFAULT_PART_SETTINGS;
  const bytes = Number(param);
  if (bytes < MIN_PART_BYTES || bytes > MAX_PART_BYTES) return DEFAULT_PART_SETTINGS;
  return { threshold: bytes, partBytes: bytes };
}

export function partRanges(size: number, partBytes: number): PartRange[] {
  const ranges: PartRange[] = [];
  for (let start = 0, index = 0; start < size; start += partBytes, index++) {
    ranges.push({ index, start, end: Math.min(size, start + partBytes) });
  }
  return ranges;
}

export function planUpload(size: number, settings: PartSettings = DEFAULT_PART_SETTINGS): UploadPlan {
  if (size <= settings.threshold) return { mode: "single" };
  return { mode: "parts", partBytes: settings.partBytes, parts: partRanges(size, settings.partBytes) };
}
