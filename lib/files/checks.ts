import { UPLOADS_MAX_BYTES } from "./parts";
import { extensionOf, PURPOSE_EXTENSIONS, type UploadPurpose } from "./purposes";
import { formatBytes } from "./sizes";

// What the browser can tell about a file before sending it. Each answer is a sentence for the
// person, shown at the file it concerns.

export type LocalFile = { name: string; size: number };

export function checkFile(file: LocalFile, purpose: UploadPurpose, maxBytes = UPLOADS_MAX_BYTES): string | null {
  if (file.size === 0) return "This file is empty. The API accepts only files with content.";
  if (file.size > maxBytes) return `This file is ${formatBytes(file.size)}; the most the API accepts is ${formatBytes(maxBytes)}.`;
  const allowed = PURPOSE_EXTENSIONS[purpose];
  const extension = extensionOf(file.name);
  if (allowed && !allowed.includes(extension)) {
    const shown =
      allowed.length > 6
        ? `${allowed
            .slice(0, 6)
            .map((e) => `.${e}`)
            .join(", ")}, …`
        : allowed.map((e) => `.${e}`).join(", ");
    return extension
      ? `“${purpose}” files must be ${shown}; this one is .${extension}.`
      : `“${purpose}” files must be ${shown}; this one has no extension.`;
  }
  return null;
}

/** Names that occur more than once in one selection (a second copy is probably a mistake). */
export function duplicateNames(files: readonly LocalFile[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const file of files) {
    if (seen.has(file.name)) twice.add(file.name);
    seen.add(file.name);
  }
  return twice;
}
