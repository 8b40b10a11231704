import "server-only";

// The Content-Type a file's content is served with, from its name; anything unknown is bytes.
const BY_EXTENSION: Record<string, string> = {
  c: "text/x-c",
  cpp: "text/x-c++",
  cs: "text/x-csharp",
  css: "text/css",
  csv: "text/csv",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  gif: "image/gif",
  go: "text/x-golang",
  html: "text/html",
  java: "text/x-java",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  js: "text/javascript",
  json: "application/json",
  jsonl: "application/jsonl",
  md: "text/markdown",
  pdf: "application/pdf",
  php: "text/x-php",
  png: "image/png",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  py: "text/x-python",
  rb: "text/x-ruby",
  sh: "application/x-sh",
  tex: "text/x-tex",
  ts: "application/typescript",
  txt: "text/plain",
  webp: "image/webp",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const TEXT = /^(text\/|application\/(json|jsonl|typescript|x-sh)$)/;

export function contentTypeFor(filename: string): string {
  const dot = filename.lastIndexOf(".");
  const type = dot >= 0 ? BY_EXTENSION[filename.slice(dot + 1).toLowerCase()] : undefined;
  if (!type) return "application/octet-stream";
  return TEXT.test(type) ? `${type}; charset=utf-8` : type;
}

/** A Content-Disposition that survives any filename (RFC 6266 with an ASCII fallback). */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
