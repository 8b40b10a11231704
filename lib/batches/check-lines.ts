// The browser's check of a batch input file, before anything is uploaded: every line a request
// (custom_id, method POST, url of an endpoint a batch runs, body with a model), custom_ids unique,
// one endpoint and one model for the file. The file is read in slices and the check yields to the
// event loop between them, so a 200 MB file never freezes the tab and is never held whole (a
// single line is, as JSON.parse needs it). No server imports: this runs in the browser.

export const BATCH_ENDPOINTS = ["/v1/responses", "/v1/chat/completions", "/v1/embeddings"] as const;
export type BatchEndpoint = (typeof BATCH_ENDPOINTS)[number];

export const MAX_BATCH_REQUESTS = 50_000;
export const MAX_BATCH_BYTES = 200 * 1024 * 1024;
// Listing every bad line of a broken 200 MB file helps nobody; the count says how many more.
const MAX_LISTED = 500;

export interface BadLine {
  line: number;
  message: string;
}

export interface BatchRequestLine {
  custom_id: string;
  method: "POST";
  url: BatchEndpoint;
  body: Record<string, unknown> & { model: string };
}

export interface LineCheckReport {
  requests: number;
  bad: BadLine[];
  /** How many bad lines there were in all (bad lists at most MAX_LISTED). */
  badCount: number;
  endpoints: Map<string, number>;
  models: Map<string, number>;
  bytes: number;
  /** Tokens of the requests' input, when a tokenizer was given. */
  inputTokens: number;
  /** The sum of the lines' output caps (max_tokens and the like), and how many lines had none. */
  outputTokenCap: number;
  linesWithoutCap: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The text a request sends the model, for counting its tokens. */
export function requestText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) if (key !== "type" && key !== "role" && key !== "model") walk(item);
    }
  };
  walk(body.messages ?? body.input);
  if (typeof body.instructions === "string") parts.push(body.instructions);
  return parts.join("\n");
}

function outputCap(body: Record<string, unknown>): number | null {
  for (const key of ["max_completion_tokens", "max_tokens", "max_output_tokens"]) {
    if (typeof body[key] === "number") return body[key] as number;
  }
  return null;
}

export class BatchLineChecker {
  private line = 0;
  private readonly seen = new Map<string, number>();
  readonly report: LineCheckReport = {
    requests: 0,
    bad: [],
    badCount: 0,
    endpoints: new Map(),
    models: new Map(),
    bytes: 0,
    inputTokens: 0,
    outputTokenCap: 0,
    linesWithoutCap: 0,
  };

  constructor(private readonly countTokens?: (text: string) => number) {}

  private bad(message: string) {
    this.report.badCount++;
    if (this.report.bad.length < MAX_LISTED) this.report.bad.push({ line: this.line, message });
  }

  /** Checks the next line of the file (blank lines are skipped, but counted in line numbers). */
  push(text: string): void {
    this.line++;
    if (!text.trim()) return;
    this.report.requests++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.bad(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (!isObject(value)) {
      this.bad("not a JSON object: each line must be one {…} request");
      return;
    }
    const problems: string[] = [];
    const { custom_id: customId, method, url, body } = value;
    if (typeof customId !== "string" || !customId) problems.push("custom_id is missing (a non-empty string)");
    else if (this.seen.has(customId)) {
      problems.push(`custom_id "${customId}" is also on line ${this.seen.get(customId)}: each custom_id must be unique`);
    } else this.seen.set(customId, this.line);
    if (method !== "POST") problems.push(`method must be "POST", not ${JSON.stringify(method ?? null)}`);
    if (typeof url !== "string" || !BATCH_ENDPOINTS.includes(url as BatchEndpoint)) {
      problems.push(`url must be one of ${BATCH_ENDPOINTS.join(", ")}, not ${JSON.stringify(url ?? null)}`);
    } else this.report.endpoints.set(url, (this.report.endpoints.get(url) ?? 0) + 1);
    if (!isObject(body)) problems.push("body is missing (the request's parameters, an object)");
    else if (typeof body.model !== "string" || !body.model) problems.push("body.model is missing");
    else {
      this.report.models.set(body.model, (this.report.models.get(body.model) ?? 0) + 1);
      if (body.stream === true) problems.push("body.stream cannot be true in a batch");
      if (this.countTokens) this.report.inputTokens += this.countTokens(requestText(body));
      const cap = outputCap(body);
      if (cap === null) this.report.linesWithoutCap++;
      else this.report.outputTokenCap += cap;
    }
    if (problems.length) this.bad(problems.join("; "));
  }

  /** What is wrong with the file as a whole (mixed endpoints or models, too many requests). */
  fileProblems(): string[] {
    const { requests, endpoints, models } = this.report;
    const problems: string[] = [];
    if (requests === 0) problems.push("The file has no requests.");
    if (requests > MAX_BATCH_REQUESTS) problems.push(`The file has ${requests} requests; a batch takes at most ${MAX_BATCH_REQUESTS}.`);
    if (endpoints.size > 1)
      problems.push(`The requests go to ${endpoints.size} endpoints (${[...endpoints.keys()].join(", ")}); a batch runs one.`);
    if (models.size > 1) problems.push(`The requests use ${models.size} models (${[...models.keys()].join(", ")}); a batch uses one.`);
    return problems;
  }
}

const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Checks a file (or any Blob) slice by slice, yielding to the event loop after each slice and
 * reporting progress in bytes. Stops early when `signal` aborts.
 */
export async function checkBatchFile(
  file: Blob,
  options: { countTokens?: (text: string) => number; onProgress?: (bytesRead: number) => void; signal?: AbortSignal } = {},
): Promise<{ report: LineCheckReport; fileProblems: string[] }> {
  const checker = new BatchLineChecker(options.countTokens);
  const decoder = new TextDecoder();
  let pending = "";
  for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
    if (options.signal?.aborted) throw new DOMException("The check was stopped.", "AbortError");
    const bytes = new Uint8Array(await file.slice(offset, offset + SLICE_BYTES).arrayBuffer());
    pending += decoder.decode(bytes, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) checker.push(line);
    options.onProgress?.(Math.min(file.size, offset + SLICE_BYTES));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  pending += decoder.decode();
  if (pending) checker.push(pending);
  checker.report.bytes = file.size;
  const fileProblems = checker.fileProblems();
  if (file.size > MAX_BATCH_BYTES) fileProblems.push("The file is larger than 200 MB, the most a batch input file may be.");
  return { report: checker.report, fileProblems };
}
