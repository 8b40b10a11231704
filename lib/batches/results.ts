// The results viewer's rows: each input line joined with its output or error line by custom_id.
// No server imports: this runs in the browser.

export type ResultStatus = "succeeded" | "failed" | "not run";

export interface ResultRow {
  customId: string;
  /** 1-based line of the input file. */
  line: number;
  request: unknown;
  status: ResultStatus;
  statusCode: number | null;
  /** The response body (output or error), or the line's error when it never ran. */
  response: unknown;
  /** A one-line reason for a failed row. */
  reason: string | null;
}

interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

function parseLines(text: string): unknown[] {
  const values: unknown[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      // An unreadable line cannot be joined; it simply shows as not run.
    }
  }
  return values;
}

function reasonOf(line: OutputLine): string | null {
  if (line.error) return line.error.message ?? line.error.code ?? "Failed";
  const body = line.response?.body as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? null;
}

export function joinResults(inputText: string, outputText: string, errorText: string): ResultRow[] {
  const answered = new Map<string, { line: OutputLine; ok: boolean }>();
  for (const value of parseLines(outputText)) {
    const line = value as OutputLine;
    if (line.custom_id) answered.set(line.custom_id, { line, ok: true });
  }
  for (const value of parseLines(errorText)) {
    const line = value as OutputLine;
    if (line.custom_id) answered.set(line.custom_id, { line, ok: false });
  }
  const rows: ResultRow[] = [];
  let number = 0;
  for (const text of inputText.split("\n")) {
    number++;
    if (!text.trim()) continue;
    let request: { custom_id?: unknown } = {};
    try {
      request = JSON.parse(text);
    } catch {
      // Shown with what we have.
    }
    const customId = typeof request.custom_id === "string" ? request.custom_id : `line ${number}`;
    const found = answered.get(customId);
    const failed = found && (!found.ok || (found.line.response?.status_code ?? 200) >= 400);
    rows.push({
      customId,
      line: number,
      request,
      status: !found ? "not run" : failed ? "failed" : "succeeded",
      statusCode: found?.line.response?.status_code ?? null,
      response: found ? (found.line.response?.body ?? found.line.error ?? null) : null,
      reason: found && failed ? reasonOf(found.line) : null,
    });
  }
  return rows;
}

/** The input lines of the failed rows, as they were sent: the content of a retry batch. */
export function failedInputLines(rows: readonly ResultRow[]): unknown[] {
  return rows.filter((row) => row.status === "failed").map((row) => row.request);
}

export function matchesSearch(row: ResultRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (row.customId.toLowerCase().includes(q)) return true;
  return (
    JSON.stringify(row.request).toLowerCase().includes(q) ||
    JSON.stringify(row.response ?? "")
      .toLowerCase()
      .includes(q)
  );
}
