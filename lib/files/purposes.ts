// The purposes a file can be uploaded with, what each is for, and which files each accepts.
// Shared by the upload panel and its tests; no browser or server imports here.

export const UPLOAD_PURPOSES = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

export const PURPOSE_HELP: Record<UploadPurpose, string> = {
  assistants: "Documents for file search and vector stores (text, code, PDF, Office).",
  batch: "Requests for the Batch API: a .jsonl file, one request per line.",
  "fine-tune": "Training or validation examples for fine-tuning: a .jsonl file, one example per line.",
  vision: "Images the model looks at (PNG, JPEG, GIF, WebP).",
  user_data: "Any file you will pass to a model as input.",
  evals: "Datasets for evals: a .jsonl file.",
};

/** Purposes whose files must be JSONL, every line a JSON object; the browser checks them line by line. */
export const JSONL_PURPOSES: ReadonlySet<string> = new Set(["batch", "fine-tune"]);

const DOCUMENTS = [
  "c",
  "cpp",
  "cs",
  "css",
  "csv",
  "doc",
  "docx",
  "go",
  "html",
  "java",
  "js",
  "json",
  "jsonl",
  "md",
  "pdf",
  "php",
  "pptx",
  "py",
  "rb",
  "sh",
  "tex",
  "ts",
  "txt",
  "xlsx",
];
const IMAGES = ["png", "jpg", "jpeg", "gif", "webp"];

/** The extensions a purpose accepts; null means any. */
export const PURPOSE_EXTENSIONS: Record<UploadPurpose, readonly string[] | null> = {
  assistants: DOCUMENTS,
  batch: ["jsonl"],
  "fine-tune": ["jsonl"],
  vision: IMAGES,
  user_data: null,
  evals: ["jsonl"],
};

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** The purpose a new file most likely has, from its name. */
export function guessPurpose(name: string): UploadPurpose {
  const extension = extensionOf(name);
  if (extension === "jsonl") return "batch";
  if (IMAGES.includes(extension)) return "vision";
  return "assistants";
}

export function isUploadPurpose(value: string): value is UploadPurpose {
  return (UPLOAD_PURPOSES as readonly string[]).includes(value);
}
