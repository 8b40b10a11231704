import { checkExample, isObject, type MethodType, MIN_EXAMPLES } from "./format";

// The browser's check of a training or validation file before it is uploaded or used: every line
// read as a stream (a large file is never held whole) and checked in the format of the chosen
// method, each bad line listed with its number and reason (the first MAX_PROBLEMS of them).

export const MAX_PROBLEMS = 20;

export interface FileReport {
  examples: number;
  problems: { line: number; message: string }[];
  /** More bad lines than listed. */
  moreProblems: boolean;
}

function checkLine(method: MethodType, line: number, text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Line ${line} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!isObject(value)) return `Line ${line} is not a JSON object: each line must be one {…} example.`;
  const checked = checkExample(method, value, line);
  return "problem" in checked ? `${checked.problem}.` : null;
}

export async function checkTrainingStream(
  stream: ReadableStream<Uint8Array>,
  method: MethodType,
  role: "training" | "validation",
): Promise<FileReport> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const report: FileReport = { examples: 0, problems: [], moreProblems: false };
  let pending = "";
  let line = 0;
  const take = (text: string) => {
    line++;
    if (!text.trim()) return;
    const problem = checkLine(method, line, text);
    if (!problem) report.examples++;
    else if (report.problems.length < MAX_PROBLEMS) report.problems.push({ line, message: problem });
    else report.moreProblems = true;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        take(pending.slice(start, newline));
        start = newline + 1;
        newline = pending.indexOf("\n", start);
      }
      pending = pending.slice(start);
      if (done) break;
    }
    if (pending) take(pending);
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (role === "training" && report.problems.length === 0 && report.examples < MIN_EXAMPLES) {
    report.problems.push({
      line: 0,
      message: `The file has ${report.examples} example(s); a training file needs at least ${MIN_EXAMPLES}.`,
    });
  }
  if (role === "validation" && report.problems.length === 0 && report.examples === 0) {
    report.problems.push({ line: 0, message: "The file holds no examples." });
  }
  return report;
}

export function checkTrainingText(text: string, method: MethodType, role: "training" | "validation"): Promise<FileReport> {
  return checkTrainingStream(new Blob([text]).stream(), method, role);
}
